package io.statusflow.bench;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.statusflow.ssf.EventTypes;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvent;
import io.statusflow.ssf.SigningKeys;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one SET costs a core when it is sent: its claims and its signature, with an RSA 2048 key
 * (RS256, the interoperability profile's) or a P-256 key (ES256). Every push and every poll answer
 * signs each SET it carries, so this bounds the SETs a core sends per second. Run by
 * {@code bench/jmh io.statusflow.bench.PerSet}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerSet {

    @Param({"RS256", "ES256"})
    public String alg;

    private SigningKeys keys;
    private Queued set;

    @Setup
    public void setup() throws Exception {
        String jwk = alg.equals("RS256") ? new RSAKeyGenerator(2048).generate().toJSONString()
                : new ECKeyGenerator(Curve.P_256).generate().toJSONString();
        keys = SigningKeys.parse(jwk, "bench");
        SecurityEvent revoked = new SecurityEvent(EventTypes.SESSION_REVOKED,
                Map.of("format", "iss_sub", "iss", "https://sf.example/tenants/acme/users", "sub", "u-000123"),
                Map.of("event_timestamp", 1_764_000_000L, "initiating_entity", "admin", "reason_admin", Map.of("en", "phishing")));
        set = Queued.of("0f87b2c4d5e6f708192a3b4c5d6e7f80", "5b1c8f9e-1d2a-4c3b-8e7f-0a1b2c3d4e5f", "acme", revoked);
    }

    @Benchmark
    public String signOneSet() {
        return keys.sign(set.claims("https://sf.example", "receiver", Instant.now()));
    }
}
