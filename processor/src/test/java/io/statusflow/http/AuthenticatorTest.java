package io.statusflow.http;

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
                JwtSettings.DEFAULT_ROLES_CLAIM, JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM));
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
                Optional.empty(), "roles", "actor_type"));
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
                Optional.empty(), "roles", "actor_type"));
        assertTrue(refused(auth.authenticate("Bearer " + Tokens.platformAdmin())).reason().contains("no JWT key"));
    }
}
