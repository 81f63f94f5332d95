package io.statusflow.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.CommandTokens;
import io.statusflow.auth.JwtSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What verifying one command's token costs in token mode ({@code --command-auth token}): the
 * signature and claims check of a token seen for the first time, per algorithm, and the cached
 * check of a token already verified (its SHA-256, a map lookup and its times against the record's
 * append time), which is what every further command with the same token pays. Run by
 * {@code bench/jmh io.statusflow.bench.PerToken}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
public class PerToken {

    private static final String SECRET = "a-benchmark-secret-of-at-least-32-bytes";

    private Authenticator hs;
    private Authenticator asymmetric;
    private CommandTokens cached;
    private String hsToken;
    private String rsToken;
    private String esToken;
    private Instant at;

    @Setup
    public void setUp() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rs").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("es").generate();
        Path jwks = Files.createTempFile("bench-jwks", ".json");
        Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true));
        hs = new Authenticator(settings(Optional.of(SECRET), Optional.empty()));
        asymmetric = new Authenticator(settings(Optional.empty(), Optional.of(jwks)));
        hsToken = bearer(new JWSHeader(JWSAlgorithm.HS256), new MACSigner(SECRET.getBytes()));
        rsToken = bearer(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rs").build(), new RSASSASigner(rsa));
        esToken = bearer(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("es").build(), new ECDSASigner(ec));
        cached = new CommandTokens(asymmetric, "tenant_id", Duration.ofSeconds(30));
        at = Instant.now();
        cached.verify(esToken, at);
    }

    private static JwtSettings settings(Optional<String> secret, Optional<Path> jwks) {
        return new JwtSettings(secret, jwks, Optional.empty(), Optional.empty(), JwtSettings.DEFAULT_ROLES_CLAIM,
                JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM, Duration.ofSeconds(30));
    }

    private static String bearer(JWSHeader header, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().subject("provisioner")
                .claim("roles", List.of("platform-admin")).claim("actor_type", "service")
                .expirationTime(new Date(System.currentTimeMillis() + 24 * 3600_000L)).build());
        jwt.sign(signer);
        return "Bearer " + jwt.serialize();
    }

    @Benchmark
    public Object hs256FirstSeen() {
        return hs.authenticate(hsToken, at);
    }

    @Benchmark
    public Object rs256FirstSeen() {
        return asymmetric.authenticate(rsToken, at);
    }

    @Benchmark
    public Object es256FirstSeen() {
        return asymmetric.authenticate(esToken, at);
    }

    @Benchmark
    public Object cached() {
        return cached.verify(esToken, at);
    }
}
