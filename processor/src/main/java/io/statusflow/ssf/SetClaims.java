package io.statusflow.ssf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The claims of one Security Event Token (RFC 8417 as SSF 1.0 profiles it): {@code iss}, the
 * stream's {@code aud}, {@code iat}, {@code jti}, {@code txn}, {@code sub_id} and {@code events}
 * with exactly one member; no {@code sub} and no {@code exp}.
 */
public final class SetClaims {

    private SetClaims() {}

    /**
     * The SET of one security event of one status event for one stream. Its {@code jti} is derived
     * from the three, so a redelivery carries the same one and two streams or types never share one;
     * {@code txn} is the status event's id, shared by the SETs one event gives.
     */
    public static Map<String, Object> of(String issuer, String streamId, String audience, String eventId,
            SecurityEvent event, Instant signedAt) {
        return claims(issuer, audience, jti(streamId, eventId, event.type()), Optional.of(eventId), event, signedAt);
    }

    /** The jti of the SET of type {@code type} that status event {@code eventId} gives stream {@code streamId}. */
    public static String jti(String streamId, String eventId, String type) {
        return Uuids.v5(Uuids.URL_NAMESPACE, "urn:statusflow:set:" + streamId + ":" + eventId + ":" + type).toString();
    }

    /** A SET of the stream's own (verification, stream-updated): a random {@code jti}, sent once, no {@code txn}. */
    public static Map<String, Object> once(String issuer, String audience, SecurityEvent event, Instant signedAt) {
        return claims(issuer, audience, UUID.randomUUID().toString(), Optional.empty(), event, signedAt);
    }

    private static Map<String, Object> claims(String issuer, String audience, String jti, Optional<String> txn,
            SecurityEvent event, Instant signedAt) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("aud", audience);
        c.put("iat", signedAt.getEpochSecond());
        c.put("jti", jti);
        txn.ifPresent(t -> c.put("txn", t));
        c.put("sub_id", event.subject());
        c.put("events", Map.of(event.type(), event.payload()));
        return c;
    }
}
