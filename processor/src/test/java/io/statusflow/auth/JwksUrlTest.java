package io.statusflow.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys from an identity provider's JWKS URL, served by a real HTTP server that rotates its key. */
class JwksUrlTest {

    private final AtomicReference<JWKSet> served = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final HttpServer idp;
    private final Authenticator auth;

    JwksUrlTest() throws Exception {
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/jwks", x -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString(true).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        idp.start();
        URI url = URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks");
        auth = new Authenticator(new JwtSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                JwtSettings.DEFAULT_ROLES_CLAIM, JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM, Duration.ofSeconds(5), Optional.of(url)),
                new Authenticator.JwksRefresh(2_000, 500, 1_000, 1_000));
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    private static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static String bearer(ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                Tokens.claims("svc", "service", List.of("admin")).build());
        jwt.sign(new ECDSASigner(key));
        return "Bearer " + jwt.serialize();
    }

    @Test
    void a_rotation_at_the_identity_provider_is_followed_without_a_restart() throws Exception {
        ECKey a = key("a");
        served.set(new JWKSet(a.toPublicJWK()));
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate(bearer(a)));
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate(bearer(a)));
        assertEquals(1, fetches.get(), "cached");

        ECKey b = key("b");
        served.set(new JWKSet(b.toPublicJWK()));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> auth.authenticate(bearer(b)) instanceof Authenticator.Result.Authenticated);
        // Key a is gone at the identity provider: once the cached set is fetched again on its schedule, a's tokens fail.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> auth.authenticate(bearer(a)) instanceof Authenticator.Result.Refused);
    }

    @Test
    void unknown_key_ids_do_not_make_it_hammer_the_identity_provider() throws Exception {
        ECKey a = key("a");
        served.set(new JWKSet(a.toPublicJWK()));
        assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate(bearer(a)));
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertInstanceOf(Authenticator.Result.Refused.class, auth.authenticate(bearer(key("made-up-" + i))));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(fetches.get() <= 2 + 2 * (int) Math.ceil(seconds), fetches.get() + " fetches in " + seconds + " s");
    }

    @Test
    void an_unreachable_identity_provider_refuses_tokens_and_says_why() throws Exception {
        ECKey a = key("a");
        served.set(new JWKSet(a.toPublicJWK()));
        idp.stop(0);
        Authenticator.Result.Refused r = assertInstanceOf(Authenticator.Result.Refused.class, auth.authenticate(bearer(a)));
        assertEquals("the identity provider's keys cannot be fetched now; try again", r.reason());
    }
}
