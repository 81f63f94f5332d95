package io.statusflow.launcher;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The one token verifier, made before anything that uses it: the HTTP API checks its callers with
 * it, and the worker the records of the commands topic in token mode. In try-it mode without a
 * configured key it makes a random one and a platform-admin token to print.
 */
record JwtKeys(Authenticator auth, Optional<String> tryItToken) {

    static JwtKeys make(JwtSettings jwt, boolean tryIt) throws StartupException {
        Optional<String> token = Optional.empty();
        if (!jwt.hasKey() && tryIt) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            jwt = new JwtSettings(Optional.of(s), Optional.empty(), jwt.issuer(), jwt.audience(), jwt.rolesClaim(),
                    jwt.actorTypeClaim(), jwt.clockSkew());
            token = Optional.of(token(s, jwt));
        }
        try {
            return new JwtKeys(new Authenticator(jwt), token);
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static String token(String secret, JwtSettings jwt) throws StartupException {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("try-it")
                    .claim(jwt.rolesClaim(), List.of("platform-admin")).claim(jwt.actorTypeClaim(), "service")
                    .expirationTime(new Date(System.currentTimeMillis() + 12 * 3600_000L));
            jwt.issuer().ifPresent(claims::issuer);
            jwt.audience().ifPresent(claims::audience);
            SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            signed.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (Exception e) {
            throw new StartupException("cannot make the try-it token: " + e.getMessage());
        }
    }
}
