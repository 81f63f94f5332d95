package io.statusflow.http;

import io.statusflow.auth.Tokens;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.statusflow.ssf.MemoryStreams;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.StreamRequests;
import io.statusflow.ssf.SubjectRequests;
import io.statusflow.ssf.StreamService;
import io.statusflow.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Shared Signals routes at the HTTP edge, with hostile callers: no or a wrong token, too large
 * or malformed bodies, another tenant's receiver, a poll of an unknown or push stream.
 */
class SsfRoutesTest {

    private static final String I = "https://sf.example";
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi api;

    @BeforeEach
    void start() throws Exception {
        Authenticator auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        MemoryStreams store = new MemoryStreams();
        StreamService service = new StreamService(I, new StreamRequests(I, Duration.ofSeconds(10), new PushEndpoints(false)),
                store, set -> { }, 10, new SubjectRequests(I + "/tenants/{tenant}/{type}s"), 3, Duration.ofSeconds(10), Clock.systemUTC(), StreamRequests::newStreamId);
        SigningKeys keys = SigningKeys.parse(new RSAKeyGenerator(2048).keyID("k").generate().toJSONString(), "test");
        SsfRoutes routes = new SsfRoutes(auth, new SsfRoutes.Transmitter(I, keys, service, store, Optional::empty, 1000,
                java.time.Duration.ofSeconds(15), "scope", "tenant_id"));
        api = new HttpApi(auth, new Gateway() {
            @Override
            public java.util.concurrent.CompletableFuture<byte[]> submit(String t, String c, byte[] command, java.util.Optional<String> authorization) {
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public void forget(String t, String c) {}
        }, new Snapshots() {
            @Override
            public Location locate(String tenantId) {
                return new Location.Here();
            }

            @Override
            public Optional<io.statusflow.schema.EntitySnapshot> local(String tenantId, String entityKey) {
                return Optional.empty();
            }
        }, () -> true, Duration.ofMillis(200), "default", () -> "", 65_536, Optional.of(routes), Optional.empty(), new Forwarder()).start("localhost", 0);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String receiver(String sub, String tenant, String scope) {
        return Tokens.hs256(Tokens.claims(sub, "service", List.of()).claim("scope", scope).claim("tenant_id", tenant).build());
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void metadata_and_keys_are_public_everything_else_needs_a_valid_token() throws Exception {
        assertEquals(200, call("GET", "/.well-known/ssf-configuration", null, null).statusCode());
        assertEquals(200, call("GET", "/ssf/jwks.json", null, null).statusCode());
        for (String[] route : new String[][] {{"POST", "/ssf/stream"}, {"GET", "/ssf/stream"}, {"PATCH", "/ssf/stream"},
            {"PUT", "/ssf/stream"}, {"DELETE", "/ssf/stream"}, {"GET", "/ssf/status"}, {"POST", "/ssf/status"},
            {"POST", "/ssf/verify"}, {"POST", "/ssf/poll/abc"}}) {
            for (String token : new String[] {null, "not-a-jwt", Tokens.hs256(Tokens.claims("x", "service", List.of("ssf.manage"))
                    .build(), "another-secret-of-at-least-32-bytes!!!")}) {
                HttpResponse<String> r = call(route[0], route[1], token, "{}");
                assertEquals(401, r.statusCode(), route[0] + " " + route[1]);
                assertEquals("Bearer error=\"invalid_token\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
                assertEquals("unauthenticated", json(r).get("error").asText());
            }
        }
    }

    @Test
    void bodies_are_bounded_and_malformed_ones_are_400s_in_the_routes_shape() throws Exception {
        String manager = receiver("siem", "acme", "ssf.manage");
        assertEquals(413, call("POST", "/ssf/stream", manager, "{\"description\":\"" + "x".repeat(70_000) + "\"}").statusCode());
        for (String bad : List.of("not json", "[]", "{\"delivery\":7}", "{\"events_requested\":[{}]}",
                "{\"description\":\"\\u0000\"}")) {
            HttpResponse<String> r = call("POST", "/ssf/stream", manager, bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("bad_request", json(r).get("error").asText());
        }
        assertEquals(400, call("DELETE", "/ssf/stream", manager, null).statusCode(), "no stream_id");
        String stream = json(call("POST", "/ssf/stream", manager, "{}")).get("stream_id").asText();
        HttpResponse<String> poll = call("POST", "/ssf/poll/" + stream, manager, "{\"maxEvents\":\"all\"}");
        assertEquals(400, poll.statusCode());
        assertEquals("invalid_request", json(poll).get("err").asText(), "RFC 8936's shape");
    }

    @Test
    void another_receiver_or_tenant_sees_nothing_of_a_stream() throws Exception {
        String siem = receiver("siem", "acme", "ssf.manage");
        String stream = json(call("POST", "/ssf/stream", siem, "{}")).get("stream_id").asText();
        for (String other : List.of(receiver("idp", "acme", "ssf.manage"), receiver("siem2", "globex", "ssf.manage"))) {
            assertEquals(404, call("GET", "/ssf/stream?stream_id=" + stream, other, null).statusCode());
            assertEquals(404, call("DELETE", "/ssf/stream?stream_id=" + stream, other, null).statusCode());
            assertEquals(404, call("POST", "/ssf/poll/" + stream, other, "{}").statusCode());
            assertEquals("[]", call("GET", "/ssf/stream", other, null).body());
        }
        HttpResponse<String> crossTenant = call("POST", "/ssf/stream", siem, "{\"tenant_id\":\"globex\"}");
        assertEquals(403, crossTenant.statusCode());
        assertEquals("Bearer error=\"insufficient_scope\"", crossTenant.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(403, call("POST", "/ssf/stream", receiver("reader", "acme", "ssf.read"), "{}").statusCode());
        assertTrue(json(call("GET", "/ssf/stream?stream_id=" + stream, siem, null)).has("stream_id"));
    }

    @Test
    void a_poll_of_an_unknown_or_push_stream_is_404_and_without_delivery_503() throws Exception {
        String platform = Tokens.platformAdmin();
        assertEquals(404, call("POST", "/ssf/poll/" + "f".repeat(32), platform, "{}").statusCode());
        assertEquals(404, call("POST", "/ssf/poll/" + "x".repeat(5_000), platform, "{}").statusCode());
        String stream = json(call("POST", "/ssf/stream", platform, "{}")).get("stream_id").asText();
        HttpResponse<String> r = call("POST", "/ssf/poll/" + stream, platform, "");
        assertEquals(503, r.statusCode(), "no delivery runs here yet");
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
    }
}
