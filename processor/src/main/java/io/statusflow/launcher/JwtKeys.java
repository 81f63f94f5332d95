package io.statusflow.launcher;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import io.statusflow.domain.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The one token verifier, made before anything that uses it: the HTTP API checks its callers with
 * it, and the worker the records of the commands topic in token mode. In try-it mode without a
 * configured key it makes a random one, once, kept in the data directory, and prints a new
 * platform-admin token signed with it at every start: tokens printed earlier keep working.
 */
record JwtKeys(Authenticator auth, Optional<String> tryItToken) {

    /** The try-it key's file in the data directory, beside the Shared Signals key. */
    static final String TRY_IT_SECRET = "try-it-jwt-secret";

    /** @param dataDir where the try-it mode keeps its key, so that printed tokens survive a restart */
    static JwtKeys make(JwtSettings jwt, boolean tryIt, Path dataDir) throws StartupException {
        Optional<String> token = Optional.empty();
        if (!jwt.hasKey() && tryIt) {
            String s = tryItSecret(dataDir.resolve(TRY_IT_SECRET));
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

    /** The try-it secret kept in {@code file} (owner-only), made on the first start. */
    private static String tryItSecret(Path file) throws StartupException {
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
                if (kept.length() >= 43) {
                    return kept;
                }
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "try-it", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            Files.writeString(tmp, s, java.nio.charset.StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return s;
        } catch (IOException e) {
            throw new StartupException("cannot keep the try-it key in " + file + ": " + e.getMessage());
        }
    }

    private static String token(String secret, JwtSettings jwt) throws StartupException {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("try-it")
                    .claim(jwt.rolesClaim(), List.of(Roles.PLATFORM_ADMIN)).claim(jwt.actorTypeClaim(), "service")
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
