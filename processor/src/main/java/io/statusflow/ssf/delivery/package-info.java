/**
 * The machinery that delivers the Shared Signals outbox: reading it with the consumer group's
 * rebalances, the positions log, each stream's queue driven by a clock, long polls, push lanes, and
 * finding which instance holds a stream. The rules it applies live in {@code io.statusflow.ssf};
 * the parts here that hold no client are unit-tested with fakes and a clock.
 */
package io.statusflow.ssf.delivery;
