/**
 * statusflow as an OpenID Shared Signals (SSF 1.0) transmitter: which Security Event Tokens an
 * event of {@code status.events} gives, their claims, and the keys that sign them. Plain Java and
 * nimbus-jose-jwt, no Kafka: the delivery around it is built on these.
 */
package io.statusflow.ssf;
