package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys may sign SETs, what is published, rotation, and the try-it mode's key. */
class SigningKeysTest {

    @TempDir
    Path dir;

    private static Map<String, Object> claims() {
        return Map.of("iss", "https://statusflow.example", "aud", "r", "iat", 1L, "jti", "j");
    }

    @Test
    void the_first_key_signs_and_every_key_is_published_for_rotation() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("next").generate();
        RSAKey current = new RSAKeyGenerator(3072).keyID("current").generate();
        SigningKeys keys = SigningKeys.parse(new JWKSet(List.of(current, next)).toString(false), "set");
        SignedJWT set = SignedJWT.parse(keys.sign(claims()));
        assertEquals("current", set.getHeader().getKeyID());
        JWKSet published = JWKSet.parse(keys.publicJwks());
        assertEquals(List.of("current", "next"), published.getKeys().stream().map(JWK::getKeyID).toList());
        for (JWK k : published.getKeys()) {
            assertEquals(KeyUse.SIGNATURE, k.getKeyUse());
            assertEquals(JWSAlgorithm.RS256, k.getAlgorithm());
        }
        assertTrue(set.verify(new RSASSAVerifier(published.getKeyByKeyId("current").toRSAKey())));
    }

    @Test
    void weak_public_symmetric_and_foreign_keys_are_refused_with_a_reason() throws Exception {
        String small = new RSAKeyGenerator(1024, true).generate().toJSONString();
        assertTrue(assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse(small, "f")).getMessage().contains("2048"));
        String pub = new RSAKeyGenerator(2048).keyID("p").generate().toPublicJWK().toJSONString();
        assertTrue(assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse(pub, "f")).getMessage().contains("private"));
        OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).generate();
        assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse(hmac.toJSONString(), "f"));
        String p384 = new ECKeyGenerator(Curve.P_384).generate().toJSONString();
        assertTrue(assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse(p384, "f")).getMessage().contains("P-256"));
        String encryption = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).generate().toJSONString();
        assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse(encryption, "f"));
        assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse("{\"keys\":[]}", "f"));
        assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.parse("not json", "f"));
        assertThrows(SigningKeys.Invalid.class, () -> SigningKeys.read(dir.resolve("missing.jwk")));
    }

    @Test
    void the_try_it_key_is_made_once_readable_by_its_owner_only_and_kept() throws Exception {
        Path file = dir.resolve("data/ssf-signing-key.jwk");
        SigningKeys first = SigningKeys.readOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        SigningKeys again = SigningKeys.readOrCreate(file);
        assertEquals(first.publicJwks(), again.publicJwks(), "the same key after a restart");
        RSAKey published = JWKSet.parse(again.publicJwks()).getKeys().get(0).toRSAKey();
        assertEquals(2048, published.size());
        assertEquals(published.computeThumbprint().toString(), published.getKeyID());
    }
}
