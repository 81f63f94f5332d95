package io.statusflow.ssf;

import com.fasterxml.jackson.core.type.TypeReference;
import io.statusflow.client.AvroJsonReader;
import io.statusflow.schema.ssf.SsfQueued;
import io.statusflow.wire.AvroJson;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A SET waiting in a stream's outbox, keyed by the stream id: everything but the signing time and
 * the signature, which it gets when it is sent, so a key rotation applies to what is still queued.
 */
public record Queued(String streamId, String jti, Optional<String> txn, Optional<String> tenantId, SecurityEvent event) {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** The SET of {@code event} from status event {@code eventId} of {@code tenantId}, for one stream. */
    public static Queued of(String streamId, String eventId, String tenantId, SecurityEvent event) {
        return new Queued(streamId, SetClaims.jti(streamId, eventId, event.type()), Optional.of(eventId),
                Optional.of(tenantId), event);
    }

    /** A SET of the stream's own (verification, stream-updated): a random jti, no txn, queued once. */
    public static Queued once(String streamId, SecurityEvent event) {
        return new Queued(streamId, java.util.UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), event);
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

    /** The SET as the outbox holds it: {@code SsfQueued.avsc}, as JSON. */
    public byte[] bytes() {
        try {
            return AvroJson.write(new SsfQueued(streamId, jti, txn.orElse(null), tenantId.orElse(null), event.type(),
                    Json.MAPPER.writeValueAsString(event.subject()), Json.MAPPER.writeValueAsString(event.payload())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SET, or empty for a value that is not one: it is skipped. */
    public static Optional<Queued> read(byte[] bytes) {
        try {
            SsfQueued q = AvroJsonReader.read(bytes, SsfQueued.class);
            SecurityEvent e = new SecurityEvent(q.getType(), Json.MAPPER.readValue(q.getSubId(), MAP),
                    Json.MAPPER.readValue(q.getEvent(), MAP));
            return Optional.of(new Queued(q.getStreamId(), q.getJti(), Optional.ofNullable(q.getTxn()),
                    Optional.ofNullable(q.getTenantId()), e));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
