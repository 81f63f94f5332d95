package io.statusflow.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import io.statusflow.schema.ActorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    private static Authenticator hs(Optional<String> issuer, Optional<String> audience) throws Exception {
        return new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), issuer, audience,
                JwtSettings.DEFAULT_ROLES_CLAIM, JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM, JwtSettings.DEFAULT_CLOCK_SKEW));
    }

    private static Authenticator.Result.Refused refused(Authenticator.Result r) {
        return assertInstanceOf(Authenticator.Result.Refused.class, r);
    }

    @Test
    void a_valid_token_maps_sub_roles_and_actor_type() throws Exception {
        String token = Tokens.hs256(Tokens.claims("42", "service", List.of("ADMIN", "Permissions.Multitenancy.Update")).build());
        var ok = assertInstanceOf(Authenticator.Result.Authenticated.class, hs(Optional.empty(), Optional.empty())
                .authenticate("Bearer " + token));
        assertEquals("42", ok.actor().id());
        assertEquals(ActorType.service, ok.actor().type());
        assertEquals(List.of("admin", "platform-admin"), ok.actor().roles());
    }

    @Test
    void actor_type_defaults_to_user() throws Exception {
        String token = Tokens.hs256(Tokens.claims("7", "user", List.of()).claim("actor_type", null).build());
        var ok = assertInstanceOf(Authenticator.Result.Authenticated.class, hs(Optional.empty(), Optional.empty())
                .authenticate("Bearer " + token));
        assertEquals(ActorType.user, ok.actor().type());
    }

    @Test
    void expired_wrongly_signed_unsigned_and_missing_tokens_are_refused() throws Exception {
        Authenticator auth = hs(Optional.empty(), Optional.empty());
        String expired = Tokens.hs256(Tokens.claims("1", "user", List.of()).expirationTime(new Date(System.currentTimeMillis() - 120_000)).build());
        assertTrue(refused(auth.authenticate("Bearer " + expired)).reason().contains("xpired"));
        String wrongKey = Tokens.hs256(Tokens.claims("1", "user", List.of()).build(), "another-secret-of-at-least-32-bytes!!");
        refused(auth.authenticate("Bearer " + wrongKey));
        String none = new PlainJWT(Tokens.claims("1", "service", List.of("platform-admin")).build()).serialize();
        refused(auth.authenticate("Bearer " + none));
        String noneSignedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + none.split("\\.")[1] + ".";
        refused(auth.authenticate("Bearer " + noneSignedHeader));
        refused(auth.authenticate(null));
        refused(auth.authenticate("Basic dXNlcjpwYXNz"));
        String notYet = Tokens.hs256(Tokens.claims("1", "user", List.of()).notBeforeTime(new Date(System.currentTimeMillis() + 600_000)).build());
        refused(auth.authenticate("Bearer " + notYet));
    }

    @Test
    void exp_must_be_a_number_and_sub_a_non_empty_string_each_with_a_message_of_its_own() throws Exception {
        Authenticator auth = hs(Optional.empty(), Optional.empty());
        long exp = System.currentTimeMillis() / 1000 + 600;
        String roles = "\"roles\":[\"platform-admin\"],\"actor_type\":\"service\"";
        assertEquals("the token must carry a numeric exp", reason(auth, "{\"sub\":\"p\",\"exp\":null," + roles + "}"));
        assertEquals("the token must carry a numeric exp", reason(auth, "{\"sub\":\"p\",\"exp\":\"" + exp + "\"," + roles + "}"));
        assertEquals("the token must carry a numeric exp", reason(auth, "{\"sub\":\"p\"," + roles + "}"));
        assertEquals("the token must carry a non-empty sub", reason(auth, "{\"exp\":" + exp + "," + roles + "}"));
        assertEquals("the token must carry a non-empty sub", reason(auth, "{\"sub\":null,\"exp\":" + exp + "," + roles + "}"));
        assertEquals("the token must carry a non-empty sub", reason(auth, "{\"sub\":\"\",\"exp\":" + exp + "," + roles + "}"));
        assertEquals("the token's nbf must be a number", reason(auth, "{\"sub\":\"p\",\"exp\":" + exp + ",\"nbf\":\"now\"}"));
        assertInstanceOf(Authenticator.Result.Authenticated.class,
                auth.authenticate("Bearer " + signed("{\"sub\":\"p\",\"exp\":" + exp + "," + roles + "}")));
    }

    @Test
    void the_clock_skew_is_30_seconds_by_default_for_exp_nbf_and_iat() throws Exception {
        Authenticator auth = hs(Optional.empty(), Optional.empty());
        long now = System.currentTimeMillis();
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).expirationTime(new Date(now - 10_000)).build())), "expired within the skew");
        assertEquals("the token has expired", refused(auth.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).expirationTime(new Date(now - 40_000)).build()))).reason());
        Authenticator strict = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), "roles", "actor_type", java.time.Duration.ofSeconds(1)));
        assertEquals("the token has expired", refused(strict.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).expirationTime(new Date(now - 5_000)).build()))).reason(),
                "a token that expired 5 s ago passes only within a skew");
        assertEquals("the token is not valid yet (nbf)", refused(auth.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).notBeforeTime(new Date(now + 40_000)).build()))).reason());
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).notBeforeTime(new Date(now + 10_000)).build())));
        assertEquals("the token was issued in the future (iat)", refused(auth.authenticate("Bearer " + Tokens.hs256(
                Tokens.claims("1", "user", List.of()).issueTime(new Date(now + 40_000)).build()))).reason());
    }

    @Test
    void refusals_never_repeat_the_libraries_text() throws Exception {
        Authenticator auth = hs(Optional.empty(), Optional.empty());
        String none = new PlainJWT(Tokens.claims("1", "service", List.of("platform-admin")).build()).serialize();
        String wrongKey = Tokens.hs256(Tokens.claims("1", "user", List.of()).build(), "another-secret-of-at-least-32-bytes!!");
        for (String token : List.of(none, wrongKey, "not.a.jwt", "x".repeat(10_000), "")) {
            String reason = refused(auth.authenticate("Bearer " + token)).reason();
            assertTrue(reason.startsWith("the token") || reason.startsWith("an Authorization"), reason);
            assertTrue(!reason.contains("JWT rejected") && !reason.contains("extend class"), reason);
        }
    }

    private static String reason(Authenticator auth, String payload) throws Exception {
        return refused(auth.authenticate("Bearer " + signed(payload))).reason();
    }

    /** A token over this exact payload JSON, signed with the test secret. */
    private static String signed(String payload) throws Exception {
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), new com.nimbusds.jose.Payload(payload));
        jws.sign(new com.nimbusds.jose.crypto.MACSigner(Tokens.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jws.serialize();
    }

    @Test
    void issuer_and_audience_are_checked_when_set() throws Exception {
        Authenticator auth = hs(Optional.of("https://idp.example"), Optional.of("statusflow"));
        String right = Tokens.hs256(Tokens.claims("1", "user", List.of()).issuer("https://idp.example").audience("statusflow").build());
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate("Bearer " + right));
        String wrongAudience = Tokens.hs256(Tokens.claims("1", "user", List.of()).issuer("https://idp.example").audience("other").build());
        refused(auth.authenticate("Bearer " + wrongAudience));
        String wrongIssuer = Tokens.hs256(Tokens.claims("1", "user", List.of()).issuer("https://evil.example").audience("statusflow").build());
        refused(auth.authenticate("Bearer " + wrongIssuer));
    }

    @Test
    void rs256_tokens_verify_against_a_jwks_file(@TempDir Path dir) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        Authenticator auth = new Authenticator(new JwtSettings(Optional.empty(), Optional.of(jwks), Optional.empty(),
                Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        String token = Tokens.rs256(Tokens.claims("9", "sync", List.of()).build(), key);
        var ok = assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate("Bearer " + token));
        assertEquals(ActorType.sync, ok.actor().type());
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        refused(auth.authenticate("Bearer " + Tokens.rs256(Tokens.claims("9", "sync", List.of()).build(), other)));
        // An HS256 token signed with the public key as secret (algorithm confusion) is refused.
        refused(auth.authenticate("Bearer " + Tokens.hs256(Tokens.claims("9", "sync", List.of()).build(),
                new String(key.toPublicJWK().toRSAPublicKey().getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1))));
    }

    @Test
    void without_a_key_everything_is_refused() throws Exception {
        Authenticator auth = new Authenticator(new JwtSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        assertTrue(refused(auth.authenticate("Bearer " + Tokens.platformAdmin())).reason().contains("no JWT key"));
    }
}
