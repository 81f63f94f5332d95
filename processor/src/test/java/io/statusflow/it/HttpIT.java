package io.statusflow.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.http.Tokens;
import io.statusflow.launcher.EmbeddedKafka;
import io.statusflow.topology.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API of two worker instances on a real broker, with a real HTTP client. */
class HttpIT {

    private static EmbeddedKafka broker;
    private static WorkerProcess a;
    private static WorkerProcess b;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory("statusflow-http-broker"), Ports.freePair());
        a = worker("a");
        b = worker("b");
        for (WorkerProcess w : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> get(w, "/health/ready", null).statusCode() == 200);
        }
    }

    private static WorkerProcess worker(String name) throws Exception {
        Path dir = Files.createTempDirectory("statusflow-http-" + name);
        return WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "4", "--replication-factor", "1", "--http-port", "0",
                "--jwt-secret", Tokens.SECRET, "--http-timeout", "20s").awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        for (WorkerProcess w : List.of(a, b)) {
            if (w != null) {
                w.terminate();
            }
        }
        broker.close();
    }

    static HttpResponse<String> get(WorkerProcess w, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(WorkerProcess w, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return Worker.parse(r.body().getBytes());
    }

    @Test
    void POST_v1_commands_answers_with_the_result_and_its_code() throws Exception {
        String register = "{\"tenantId\":\"http-t1\",\"target\":{\"type\":\"tenant\",\"id\":\"http-t1\"},\"action\":\"register\"}";
        HttpResponse<String> r = post(a, "/v1/commands", Tokens.platformAdmin(), register);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = json(r);
        assertEquals("applied", result.path("outcome").asText());
        assertEquals("provisioner", result.path("entity").path("updatedBy").asText(), "the actor comes from the token");

        HttpResponse<String> again = post(b, "/v1/commands", Tokens.platformAdmin(), register);
        assertEquals(409, again.statusCode(), again.body());

        String member = Tokens.hs256(Tokens.claims("bob", "user", List.of("member")).build());
        HttpResponse<String> forbidden = post(a, "/v1/commands", member,
                "{\"tenantId\":\"http-t1\",\"target\":{\"type\":\"tenant\",\"id\":\"http-t1\"},\"action\":\"deactivate\"}");
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", json(forbidden).path("error").asText());
    }

    @Test
    void requests_without_a_valid_token_get_401_json() throws Exception {
        HttpResponse<String> none = post(a, "/v1/commands", null, "{}");
        assertEquals(401, none.statusCode());
        assertEquals("unauthenticated", json(none).path("error").asText());
        String wrong = Tokens.hs256(Tokens.claims("x", "service", List.of("platform-admin")).build(), "not-the-secret-but-also-32-bytes-long");
        assertEquals(401, get(a, "/v1/tenants/x/tenant/x", wrong).statusCode());
        assertEquals(400, post(a, "/v1/commands", Tokens.platformAdmin(), "not json").statusCode());
    }

    @Test
    void a_snapshot_is_read_from_whichever_instance_owns_it() throws Exception {
        for (int i = 0; i < 6; i++) {
            String t = "read-" + i;
            assertEquals(200, post(a, "/v1/commands", Tokens.platformAdmin(),
                    "{\"tenantId\":\"" + t + "\",\"target\":{\"type\":\"tenant\",\"id\":\"" + t + "\"},\"action\":\"register\"}").statusCode());
            for (WorkerProcess w : List.of(a, b)) {
                HttpResponse<String> r = get(w, "/v1/tenants/" + t + "/tenant/" + t, Tokens.platformAdmin());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(t + "/tenant/" + t, json(r).path("entityKey").asText());
                assertEquals("full", json(r).path("access").asText());
            }
        }
        HttpResponse<String> missing = get(b, "/v1/tenants/read-0/user/nobody", Tokens.platformAdmin());
        assertEquals(404, missing.statusCode());
        assertTrue(json(missing).path("message").asText().startsWith("User not found in tenant scope"));
        String member = Tokens.hs256(Tokens.claims("bob", "user", List.of("member")).build());
        assertEquals(403, get(a, "/v1/tenants/read-0/tenant/read-0", member).statusCode());
    }

    @Test
    void health_routes_answer_json() throws Exception {
        assertEquals("live", json(get(a, "/health/live", null)).path("status").asText());
        assertEquals("ready", json(get(b, "/health/ready", null)).path("status").asText());
        assertEquals(404, get(a, "/nowhere", null).statusCode());
    }
}
