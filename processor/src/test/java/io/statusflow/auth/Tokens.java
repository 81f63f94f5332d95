package io.statusflow.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;

/** Signs test tokens. */
public final class Tokens {

    public static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private Tokens() {}

    public static JWTClaimsSet.Builder claims(String sub, String type, List<String> roles) {
        return new JWTClaimsSet.Builder().subject(sub).claim("roles", roles).claim("actor_type", type)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    public static String hs256(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(JWTClaimsSet claims) {
        return hs256(claims, SECRET);
    }

    public static String rs256(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String platformAdmin() {
        return hs256(claims("provisioner", "service", List.of("platform-admin")).build());
    }
}
