package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream as the compacted streams topic keeps it, keyed by its id: its configuration, its status
 * and why. Every instance reads the whole topic, so any of them can serve management and the
 * outbox knows where each event goes. A tombstone is a deleted stream.
 *
 * @param tenantGone statusflow disabled the stream because its tenant was deleted: it stays disabled
 */
public record StreamRecord(Stream stream, StreamStatus status, Optional<String> reason, Optional<Instant> verifiedAt,
        boolean tenantGone) {

    public StreamRecord(Stream stream, StreamStatus status, Optional<String> reason, Optional<Instant> verifiedAt) {
        this(stream, status, reason, verifiedAt, false);
    }

    /** A stream as created: enabled, never verified. */
    public static StreamRecord created(Stream stream) {
        return new StreamRecord(stream, StreamStatus.enabled, Optional.empty(), Optional.empty());
    }

    public StreamRecord with(Stream changed) {
        return new StreamRecord(changed, status, reason, verifiedAt, tenantGone);
    }

    public StreamRecord with(StreamStatus newStatus, Optional<String> why) {
        return new StreamRecord(stream, newStatus, why, verifiedAt, tenantGone);
    }

    /** Disabled for good: its tenant was deleted. */
    public StreamRecord tenantDeleted(String why) {
        return new StreamRecord(stream, StreamStatus.disabled, Optional.of(why), verifiedAt, true);
    }

    public StreamRecord verified(Instant at) {
        return new StreamRecord(stream, status, reason, Optional.of(at), tenantGone);
    }

    public byte[] bytes() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        Stream s = stream;
        n.put("stream_id", s.id());
        n.put("aud", s.audience());
        s.tenantId().ifPresent(t -> n.put("tenant_id", t));
        s.eventsRequested().forEach(n.putArray("events_requested")::add);
        ObjectNode d = n.putObject("delivery");
        d.put("method", s.delivery().method());
        d.put("endpoint_url", s.delivery().endpointUrl());
        s.delivery().authorizationHeader().ifPresent(h -> d.put("authorization_header", h));
        s.description().ifPresent(v -> n.put("description", v));
        n.put("status", status.name());
        reason.ifPresent(r -> n.put("reason", r));
        verifiedAt.ifPresent(v -> n.put("verified_at", v.toString()));
        if (tenantGone) {
            n.put("tenant_deleted", true);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record, or empty for a value that is not one (someone else wrote to the topic): it is skipped. */
    public static Optional<StreamRecord> read(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            List<String> events = new ArrayList<>();
            n.path("events_requested").forEach(e -> events.add(e.asText()));
            JsonNode d = n.get("delivery");
            Stream.Delivery delivery = new Stream.Delivery(d.get("method").asText(), d.get("endpoint_url").asText(),
                    Optional.ofNullable(d.get("authorization_header")).map(JsonNode::asText));
            Stream s = new Stream(n.get("stream_id").asText(), n.get("aud").asText(),
                    Optional.ofNullable(n.get("tenant_id")).map(JsonNode::asText), events, delivery,
                    Optional.ofNullable(n.get("description")).map(JsonNode::asText));
            StreamStatus status = StreamStatus.fromWire(n.path("status").asText()).orElseThrow();
            return Optional.of(new StreamRecord(s, status, Optional.ofNullable(n.get("reason")).map(JsonNode::asText),
                    Optional.ofNullable(n.get("verified_at")).map(v -> Instant.parse(v.asText())),
                    n.path("tenant_deleted").asBoolean(false)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether an event of {@code tenantId} of this type goes into this stream's queue. */
    public boolean queues(String tenantId, String type) {
        return status.queues() && stream.tenantId().map(tenantId::equals).orElse(true)
                && stream.eventsDelivered().contains(type);
    }
}
