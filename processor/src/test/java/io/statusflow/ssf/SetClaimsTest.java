package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SET claims as SSF 1.0 and the interoperability profile want them, signed and checked against the published keys. */
class SetClaimsTest {

    private static final String ISSUER = "https://statusflow.example";
    private static final String STREAM = "0123456789abcdef0123456789abcdef";
    private static final String EVENT_ID = "9256c728-7245-312a-833e-b009c8c95754";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:05Z");
    private static final SecurityEvent REVOKED = new SecurityEvent(EventTypes.SESSION_REVOKED,
            Map.of("format", "iss_sub", "iss", ISSUER + "/tenants/acme/users", "sub", "u-17"),
            Map.of("event_timestamp", 1795000000L, "initiating_entity", "admin", "reason_admin", Map.of("en", "phishing")));

    @Test
    void uuid_v5_matches_rfc_9562() {
        assertEquals(UUID.fromString("4fd35a71-71ef-5a55-a9d9-aa75c889a6d0"), Uuids.v5(Uuids.URL_NAMESPACE, "https://example.com"));
    }

    @Test
    void a_sets_jti_is_the_same_on_redelivery_and_differs_per_stream_and_type() {
        Map<String, Object> c = SetClaims.of(ISSUER, STREAM, "receiver-1", EVENT_ID, REVOKED, NOW);
        assertEquals("75c929d5-aff3-533e-9cd1-3dae188f2ad2", c.get("jti"));
        assertEquals(c.get("jti"), SetClaims.of(ISSUER, STREAM, "receiver-1", EVENT_ID, REVOKED, NOW.plusSeconds(60)).get("jti"));
        assertNotEquals(c.get("jti"), SetClaims.of(ISSUER, "f".repeat(32), "receiver-1", EVENT_ID, REVOKED, NOW).get("jti"));
        SecurityEvent disabled = new SecurityEvent(EventTypes.ACCOUNT_DISABLED, REVOKED.subject(), REVOKED.payload());
        assertNotEquals(c.get("jti"), SetClaims.of(ISSUER, STREAM, "receiver-1", EVENT_ID, disabled, NOW).get("jti"));
    }

    @Test
    void the_claims_are_exactly_those_of_the_profile() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        SigningKeys keys = SigningKeys.parse(key.toJSONString(), "test");
        SignedJWT set = SignedJWT.parse(keys.sign(SetClaims.of(ISSUER, STREAM, "receiver-1", EVENT_ID, REVOKED, NOW)));

        assertEquals("RS256", set.getHeader().getAlgorithm().getName());
        assertEquals("secevent+jwt", set.getHeader().getType().getType());
        assertEquals("k1", set.getHeader().getKeyID());
        Map<String, Object> claims = set.getPayload().toJSONObject();
        assertEquals(java.util.Set.of("iss", "aud", "iat", "jti", "txn", "sub_id", "events"), claims.keySet());
        assertEquals(ISSUER, claims.get("iss"));
        assertEquals("receiver-1", claims.get("aud"), "one audience, as a string");
        assertEquals(NOW.getEpochSecond(), ((Number) claims.get("iat")).longValue());
        assertEquals(EVENT_ID, claims.get("txn"));
        assertEquals(REVOKED.subject(), claims.get("sub_id"));
        Map<?, ?> events = (Map<?, ?>) claims.get("events");
        assertEquals(1, events.size());
        assertEquals("phishing", ((Map<?, ?>) ((Map<?, ?>) events.get(EventTypes.SESSION_REVOKED)).get("reason_admin")).get("en"));
        assertTrue(set.verify(new RSASSAVerifier(published(keys, "k1").toRSAKey())));
    }

    @Test
    void verification_and_stream_updated_sets_get_a_fresh_jti_and_no_txn() {
        SecurityEvent verify = new SecurityEvent(EventTypes.VERIFICATION, Map.of("format", "opaque", "id", STREAM),
                Map.of("state", "abc"));
        Map<String, Object> a = SetClaims.once(ISSUER, "receiver-1", verify, NOW);
        Map<String, Object> b = SetClaims.once(ISSUER, "receiver-1", verify, NOW);
        assertNotEquals(a.get("jti"), b.get("jti"));
        assertNull(a.get("txn"));
        assertFalse(a.containsKey("sub") || a.containsKey("exp"));
    }

    @Test
    void a_p256_key_signs_es256() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SigningKeys keys = SigningKeys.parse(key.toJSONString(), "test");
        SignedJWT set = SignedJWT.parse(keys.sign(SetClaims.of(ISSUER, STREAM, "r", EVENT_ID, REVOKED, NOW)));
        assertEquals("ES256", set.getHeader().getAlgorithm().getName());
        assertEquals(key.computeThumbprint().toString(), set.getHeader().getKeyID(), "no kid: the RFC 7638 thumbprint");
        assertTrue(set.verify(new ECDSAVerifier(published(keys, set.getHeader().getKeyID()).toECKey())));
    }

    static JWK published(SigningKeys keys, String kid) throws Exception {
        JWK k = JWKSet.parse(keys.publicJwks()).getKeyByKeyId(kid);
        assertFalse(k.isPrivate(), "only public keys are published");
        return k;
    }
}
