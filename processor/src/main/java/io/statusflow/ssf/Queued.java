package io.statusflow.ssf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A SET waiting in a stream's outbox, keyed by the stream id: everything but the signing time and
 * the signature, which it gets when it is sent, so a key rotation applies to what is still queued.
 */
public record Queued(String streamId, String jti, Optional<String> txn, SecurityEvent event) {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** The SET of {@code event} from status event {@code eventId}, for one stream. */
    public static Queued of(String streamId, String eventId, SecurityEvent event) {
        return new Queued(streamId, SetClaims.jti(streamId, eventId, event.type()), Optional.of(eventId), event);
    }

    /** A SET of the stream's own (verification, stream-updated): a random jti, no txn, queued once. */
    public static Queued once(String streamId, SecurityEvent event) {
        return new Queued(streamId, java.util.UUID.randomUUID().toString(), Optional.empty(), event);
    }

    /**
     * Whether this SET tells the receiver its stream stops (a stream-updated to paused or disabled,
     * by someone else): the stream keeps delivering until it is done, so the receiver learns why.
     */
    public boolean stops() {
        return event.type().equals(EventTypes.STREAM_UPDATED)
                && !StreamStatus.enabled.name().equals(event.payload().get("status"));
    }

    /** The claims to sign now. */
    public Map<String, Object> claims(String issuer, String audience, Instant signedAt) {
        Map<String, Object> c = txn.isPresent()
                ? SetClaims.of(issuer, streamId, audience, txn.get(), event, signedAt)
                : SetClaims.once(issuer, audience, event, signedAt);
        c.put("jti", jti);
        return c;
    }

    public byte[] bytes() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("stream_id", streamId);
        n.put("jti", jti);
        txn.ifPresent(t -> n.put("txn", t));
        n.put("type", event.type());
        n.set("sub_id", Json.MAPPER.valueToTree(event.subject()));
        n.set("event", Json.MAPPER.valueToTree(event.payload()));
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Optional<Queued> read(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            SecurityEvent e = new SecurityEvent(n.get("type").asText(),
                    Json.MAPPER.convertValue(n.get("sub_id"), MAP), Json.MAPPER.convertValue(n.get("event"), MAP));
            return Optional.of(new Queued(n.get("stream_id").asText(), n.get("jti").asText(),
                    Optional.ofNullable(n.get("txn")).map(JsonNode::asText), e));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
