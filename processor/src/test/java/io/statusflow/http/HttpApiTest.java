package io.statusflow.http;

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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer alone, with a fake gateway and fake stores: timeouts, unavailable state, auth. */
class HttpApiTest {

    private final List<String> forgotten = new ArrayList<>();
    private final Gateway silent = new Gateway() {
        @Override
        public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command) {
            return new CompletableFuture<>();
        }

        @Override
        public void forget(String commandId) {
            forgotten.add(commandId);
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
                Optional.empty(), Optional.empty(), "roles", "actor_type"));
        api = new HttpApi(auth, silent, moving, () -> ready, Duration.ofMillis(200), "default", () -> "").start("localhost", 0);
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
        assertEquals(List.of("c-77"), forgotten);
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
                Optional.empty(), Optional.empty(), "roles", "actor_type"));
        api = new HttpApi(auth, silent, elsewhere, () -> true, Duration.ofMillis(200), "default", () -> "").start("localhost", 0);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/v1/tenants/t/user/u"))
                .header("Authorization", "Bearer " + Tokens.platformAdmin()).header("X-Statusflow-Forwarded", "1").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
    }
}
