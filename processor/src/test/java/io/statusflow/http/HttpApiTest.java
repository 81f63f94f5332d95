package io.statusflow.http;

import io.statusflow.auth.Tokens;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer alone, with a fake gateway and fake stores: timeouts, unavailable state, auth. */
class HttpApiTest {

    private final List<String> forgotten = new ArrayList<>();
    private final List<String> submitted = new ArrayList<>();
    private volatile CompletableFuture<byte[]> gatewayAnswer;
    private volatile boolean gatewayHealthy = true;
    private final Gateway silent = new Gateway() {
        @Override
        public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command, java.util.Optional<String> authorization) {
            if (gatewayAnswer != null) {
                return gatewayAnswer;
            }
            submitted.add(tenantId + "/" + commandId);
            return new CompletableFuture<>();
        }

        @Override
        public boolean healthy() {
            return gatewayHealthy;
        }

        @Override
        public void forget(String tenantId, String commandId) {
            forgotten.add(tenantId + "/" + commandId);
        }
    };
    private final Snapshots moving = new Snapshots() {
        @Override
        public Location locate(String tenantId) throws Unavailable {
            throw new Unavailable("tenant state is moving between instances");
        }

        @Override
        public Optional<EntitySnapshot> local(String tenantId, String entityKey) throws Unavailable {
            throw new Unavailable("not here");
        }
    };
    private HttpApi api;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpApi start(boolean ready) throws Exception {
        Authenticator auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        api = new HttpApi(auth, silent, moving, () -> ready, Duration.ofMillis(200), "default", () -> "", 65_536).start("localhost", 0);
        return api;
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .header("Authorization", "Bearer " + Tokens.platformAdmin())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void POST_v1_commands_gives_504_with_the_command_id_when_no_result_comes_in_time() throws Exception {
        start(true);
        HttpResponse<String> r = call("POST", "/v1/commands", "{\"commandId\":\"c-77\",\"tenantId\":\"t\",\"action\":\"activate\"}");
        assertEquals(504, r.statusCode());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("gateway_timeout", body.path("error").asText());
        assertEquals("c-77", body.path("commandId").asText());
        assertEquals(List.of("t/c-77"), forgotten);
    }

    @Test
    void reads_while_state_moves_give_503_with_retry_after() throws Exception {
        start(true);
        HttpResponse<String> r = call("GET", "/v1/tenants/t/user/u", "");
        assertEquals(503, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        assertEquals("unavailable", Json.MAPPER.readTree(r.body()).path("error").asText());
    }

    @Test
    void not_ready_until_streams_runs() throws Exception {
        start(false);
        HttpResponse<String> r = call("GET", "/health/ready", "");
        assertEquals(503, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(200, call("GET", "/health/live", "").statusCode());
    }

    @Test
    void a_read_forwarded_to_an_instance_that_does_not_own_it_is_not_forwarded_again() throws Exception {
        Snapshots elsewhere = new Snapshots() {
            @Override
            public Location locate(String tenantId) {
                return new Location.Elsewhere("http://localhost:1");
            }

            @Override
            public Optional<EntitySnapshot> local(String tenantId, String entityKey) {
                return Optional.empty();
            }
        };
        Authenticator auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        api = new HttpApi(auth, silent, elsewhere, () -> true, Duration.ofMillis(200), "default", () -> "", 65_536).start("localhost", 0);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/v1/tenants/t/user/u"))
                .header("Authorization", "Bearer " + Tokens.platformAdmin()).header("X-Statusflow-Forwarded", "1").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
    }

    /** Route, method, whether it takes a body, and the status a missing token gets (seed 004: 403). */
    private record Route(String method, String path, boolean body, int unauthenticated) {}

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/commands", true, 401),
            new Route("GET", "/v1/tenants/t/user/u", false, 401),
            new Route("PATCH", "/clients/v1/tenants/t/clients/c/activate", false, 401),
            new Route("PATCH", "/clients/v1/tenants/t/clients/c/deactivate", false, 401),
            new Route("GET", "/clients/v1/tenants/t/clients/c", false, 401),
            new Route("PATCH", "/api/admin/users/u/status", true, 401),
            new Route("GET", "/api/v1/tenants/t/status", false, 401),
            new Route("POST", "/api/v1/tenants/t/activation", true, 401),
            new Route("POST", "/api/v1/tenants/t/upgrade", true, 401),
            new Route("PATCH", "/users/u", true, 401),
            new Route("PUT", "/AdminInterface/restapi/v1/users/u/userStatus", true, 403),
            new Route("GET", "/metrics", false, 401));

    @Test
    void every_route_answers_a_missing_token_a_bad_body_an_oversized_body_and_a_wrong_method_in_json() throws Exception {
        start(true);
        for (Route r : ROUTES) {
            HttpResponse<String> none = send(r.method(), r.path(), null, "{}");
            assertJsonError(none, r.unauthenticated(), r + " without a token");
            assertEquals(List.of(), submitted, "nothing sent for " + r);
            if (r.body()) {
                assertJsonError(send(r.method(), r.path(), Tokens.platformAdmin(), "{not json"), 400, r + " with a bad body");
                assertJsonError(send(r.method(), r.path(), Tokens.platformAdmin(), "{\"pad\":\"" + "x".repeat(70_000) + "\"}"),
                        413, r + " with an oversized body");
            }
            assertJsonError(send("DELETE", r.path(), Tokens.platformAdmin(), ""), 405, r + " with DELETE");
        }
        assertJsonError(send("GET", "/nowhere", Tokens.platformAdmin(), ""), 404, "unknown route");
        assertEquals(List.of(), submitted, "nothing was sent");
    }

    @Test
    void jettys_own_errors_are_json_too() throws Exception {
        start(true);
        assertJsonError(send("GET", "/v1/tenants/t/user/" + "u".repeat(20_000), Tokens.platformAdmin(), ""), 414, "a long URI");
        HttpResponse<String> headers = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/health/live"))
                .header("X-Big", "h".repeat(20_000)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertJsonError(headers, 431, "large headers");
    }

    @Test
    void a_command_the_worker_could_not_read_is_a_400_and_is_not_sent() throws Exception {
        start(true);
        HttpResponse<String> r = send("POST", "/v1/commands", Tokens.platformAdmin(),
                "{\"tenantId\":\"t\",\"target\":{\"type\":\"user\",\"id\":\"u\"},\"action\":\"activate\",\"expectedVersion\":\"seven\"}");
        assertJsonError(r, 400, "wrong type");
        assertTrue(r.body().contains("expectedVersion must be an integer"), r.body());
        HttpResponse<String> key = send("POST", "/v1/commands", Tokens.platformAdmin(),
                "{\"tenantId\":\"" + "t".repeat(200) + "\",\"action\":\"activate\"}");
        assertJsonError(key, 400, "a tenant id longer than a record key may be");
        assertEquals(List.of(), submitted);
    }

    @Test
    void a_second_request_for_a_command_in_flight_is_a_409_and_an_unavailable_gateway_a_503() throws Exception {
        start(true);
        gatewayAnswer = CompletableFuture.failedFuture(new Gateway.InFlight());
        HttpResponse<String> inFlight = send("POST", "/v1/commands", Tokens.platformAdmin(), "{\"commandId\":\"c1\",\"tenantId\":\"t\"}");
        assertJsonError(inFlight, 409, "in flight");
        gatewayAnswer = CompletableFuture.failedFuture(new Gateway.Unavailable("the result reader has stopped"));
        HttpResponse<String> down = send("PATCH", "/users/u", Tokens.platformAdmin(), "{\"status\":\"active\"}");
        assertJsonError(down, 503, "unavailable");
        assertEquals("1", down.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void readiness_covers_the_result_reader_and_metrics_need_a_platform_admin() throws Exception {
        start(true);
        assertEquals(200, send("GET", "/health/ready", null, "").statusCode());
        gatewayHealthy = false;
        assertJsonError(send("GET", "/health/ready", null, ""), 503, "reader stopped");
        assertJsonError(send("GET", "/metrics", Tokens.hs256(Tokens.claims("x", "service", List.of("admin")).build()), ""), 403,
                "metrics for an admin");
        assertEquals(200, send("GET", "/metrics", Tokens.platformAdmin(), "").statusCode());
    }

    @Test
    void seed_routes_name_the_fields_their_callers_sent() throws Exception {
        start(true);
        gatewayAnswer = CompletableFuture.completedFuture(
                rejected("validUntil", "validUntil 2020-01-01T00:00:00Z must be in the future"));
        HttpResponse<String> upgrade = send("POST", "/api/v1/tenants/t/upgrade", Tokens.platformAdmin(),
                "{\"tenant\":\"t\",\"extendedExpiryDate\":\"2020-01-01T00:00:00Z\"}");
        assertEquals("extendedExpiryDate 2020-01-01T00:00:00Z must be in the future",
                Json.MAPPER.readTree(upgrade.body()).path("message").asText());
        gatewayAnswer = CompletableFuture.completedFuture(
                rejected("reason", "reason is required when suspending a user"));
        HttpResponse<String> review = send("PATCH", "/users/u", Tokens.platformAdmin(), "{\"status\":\"suspended\"}");
        assertEquals("review_comment is required when suspending a user", Json.MAPPER.readTree(review.body()).path("message").asText());
    }

    @Test
    void seed_routes_rename_only_the_field_a_result_names_at_the_start_of_its_message() throws Exception {
        start(true);
        // Kept before results named their field: the command's name stays.
        Map<String, String> unchanged = new java.util.LinkedHashMap<>();
        unchanged.put("reason is required when suspending a user", null);
        // The field's name later in the message is prose, not the field.
        unchanged.put("a reason is required: reason missing", "reason");
        // A field the route does not rename, and a field the message does not start with.
        unchanged.put("status 'x' is not one of pending", "status");
        unchanged.put("reasonable text", "reason");
        for (Map.Entry<String, String> e : unchanged.entrySet()) {
            gatewayAnswer = CompletableFuture.completedFuture(rejected(e.getValue(), e.getKey()));
            HttpResponse<String> r = send("PATCH", "/users/u", Tokens.platformAdmin(), "{\"status\":\"suspended\"}");
            assertEquals(400, r.statusCode());
            assertEquals(e.getKey(), Json.MAPPER.readTree(r.body()).path("message").asText(), e.getKey());
        }
        // A field that is not text makes the result unreadable, like any other field of the wrong type.
        for (String notText : List.of("42", "{\"a\":1}", "[\"reason\"]")) {
            gatewayAnswer = CompletableFuture.completedFuture(new String(rejected("x", "reason is required"),
                    java.nio.charset.StandardCharsets.UTF_8).replace("\"field\":\"x\"", "\"field\":" + notText)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> r = send("PATCH", "/users/u", Tokens.platformAdmin(), "{\"status\":\"suspended\"}");
            assertJsonError(r, 500, "unreadable result");
            assertEquals("unreadable result", Json.MAPPER.readTree(r.body()).path("message").asText(), notText);
        }
    }

    /** A 400 result as the worker writes it: the edge reads results as the schema has them. */
    private static byte[] rejected(String field, String message) {
        return ("{\"commandId\":\"c\",\"outcome\":\"rejected\",\"code\":400,\"error\":\"bad_request\",\"message\":\""
                + message + "\",\"duplicate\":false,\"processedAt\":\"2026-11-22T10:00:00Z\",\"field\":"
                + (field == null ? "null" : "\"" + field + "\"") + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> r, int status, String what) throws Exception {
        assertEquals(status, r.statusCode(), what + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what + ": " + r.headers());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertTrue(body.path("error").isTextual() && body.path("message").isTextual(), what + ": " + r.body());
        assertTrue(!r.body().contains("org.eclipse") && !r.body().contains("Exception"), what + ": " + r.body());
    }
}
