package io.statusflow.topology;

import io.statusflow.domain.Event;
import io.statusflow.domain.Instants;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 attributes of an event record, in the Kafka protocol binding's binary mode: the
 * value stays the contract's event JSON, and the attributes go in {@code ce_} headers, so that
 * consumers built on a CloudEvents SDK (Knative, the SDKs' Kafka readers) take the records as they
 * are (docs/contract.md, "CloudEvents").
 */
final class CloudEventHeaders {

    static final String SPEC_VERSION = "1.0";
    static final String TYPE = "io.statusflow.status.changed";
    static final String CONTENT_TYPE = "application/json";
    private static final byte[] SPEC_VERSION_BYTES = bytes(SPEC_VERSION);
    private static final byte[] TYPE_BYTES = bytes(TYPE);
    private static final byte[] CONTENT_TYPE_BYTES = bytes(CONTENT_TYPE);

    private CloudEventHeaders() {}

    /** The source of a tenant's events: a URN, since a tenant id's characters are all allowed in one. */
    static String source(String tenantId) {
        return "urn:statusflow:tenant:" + tenantId;
    }

    /** The event's attributes; its time in milliseconds, as its occurredAt in the JSON. */
    static void add(Headers headers, Event event, String eventId) {
        headers.add("ce_specversion", SPEC_VERSION_BYTES);
        headers.add("ce_id", bytes(eventId));
        headers.add("ce_source", bytes(source(event.key().tenantId())));
        headers.add("ce_type", TYPE_BYTES);
        headers.add("ce_subject", bytes(event.key().value()));
        headers.add("ce_time", bytes(Instants.format(event.occurredAt().truncatedTo(ChronoUnit.MILLIS))));
        headers.add("content-type", CONTENT_TYPE_BYTES);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
