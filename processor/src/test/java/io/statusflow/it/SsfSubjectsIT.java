package io.statusflow.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.statusflow.auth.Tokens;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Subjects a receiver chooses, on a real broker with two instances: a stream of no subjects gets
 * only those added, through whichever instance they were added; a tenant covers its members; a
 * removed subject gets nothing more; and a restarted instance keeps every choice.
 */
class SsfSubjectsIT extends OwnBroker {

    private static final String ISS = "https://sf.example/tenants/sub-co/users";
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token = Tokens.platformAdmin();
    private final AtomicInteger commands = new AtomicInteger();

    private HttpResponse<String> call(WorkerProcess w, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void expect(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
    }

    private void user(WorkerProcess w, String id, String action, String extra) throws Exception {
        JsonNode r = Json.MAPPER.readTree(call(w, "POST", "/v1/commands", "{\"commandId\":\"c" + commands.incrementAndGet()
                + "\",\"tenantId\":\"sub-co\",\"target\":{\"type\":\"user\",\"id\":\"" + id + "\"},\"action\":\"" + action
                + "\"" + extra + "}").body());
        assertEquals(200, r.path("code").asInt(), r.toString());
    }

    private static String iss(String id) {
        return "{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"" + id + "\"}";
    }

    private static final String TENANT = "{\"format\":\"complex\",\"tenant\":{\"format\":\"opaque\",\"id\":\"sub-co\"}}";

    /** The subjects of the SETs waiting, once {@code n} wait; acknowledged. */
    private List<String> polled(WorkerProcess w, String stream, int n) throws Exception {
        List<String> jtis = new ArrayList<>();
        List<String> subjects = await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = call(w, "POST", "/ssf/poll/" + stream, "{\"returnImmediately\":true}");
            List<String> out = new ArrayList<>();
            jtis.clear();
            if (r.statusCode() != 200) {
                return out;
            }
            Json.MAPPER.readTree(r.body()).get("sets").fields().forEachRemaining(e -> {
                jtis.add(e.getKey());
                String jwt = e.getValue().asText();
                try {
                    JsonNode sub = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("sub_id");
                    out.add(sub.has("sub") ? sub.get("sub").asText() : "tenant");
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            });
            return out;
        }, s -> s.size() >= n);
        expect(200, call(w, "POST", "/ssf/poll/" + stream, "{\"ack\":" + Json.MAPPER.writeValueAsString(jtis)
                + ",\"maxEvents\":0}"));
        return subjects;
    }

    @Test
    void a_stream_gets_only_the_subjects_its_receiver_chose_on_every_instance_and_after_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-ssf-subjects");
        Path key = dir.resolve("key.jwk");
        Files.writeString(key, new RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        String run = "subj" + System.nanoTime();
        List<String> common = List.of("--bootstrap-servers", broker.bootstrapServers(), "--application-id", run,
                "--partitions", "2", "--replication-factor", "1", "--http-port", "0", "--jwt-secret", Tokens.SECRET,
                "--ssf-issuer", "https://sf.example", "--ssf-signing-key", key.toString(), "--ssf-max-subjects", "3",
                "--commands-topic", run + ".commands", "--results-topic", run + ".results", "--events-topic", run + ".events",
                "--current-topic", run + ".current", "--dlq-topic", run + ".dlq", "--rerouted-topic", run + ".rerouted",
                "--ssf-streams-topic", run + ".streams", "--ssf-outbox-topic", run + ".outbox", "--ssf-positions-topic",
                run + ".positions");
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                List<String> args = new ArrayList<>(common);
                args.addAll(List.of("--state-dir", dir.resolve(name).resolve("state").toString()));
                workers.add(WorkerProcess.start(dir.resolve(name), args.toArray(String[]::new)).awaitReady());
            }
            WorkerProcess a = workers.get(0);
            WorkerProcess b = workers.get(1);
            JsonNode meta = Json.MAPPER.readTree(call(a, "GET", "/.well-known/ssf-configuration", null).body());
            assertEquals("https://sf.example/ssf/subjects:add", meta.get("add_subject_endpoint").asText());
            HttpResponse<String> created = call(a, "POST", "/ssf/stream", "{\"tenant_id\":\"sub-co\",\"default_subjects\":"
                    + "\"NONE\",\"events_requested\":[\"" + EventTypes.ACCOUNT_DISABLED + "\",\"" + EventTypes.ACCOUNT_ENABLED + "\"]}");
            expect(201, created);
            String stream = Json.MAPPER.readTree(created.body()).get("stream_id").asText();
            String add = "/ssf/subjects:add";
            String remove = "/ssf/subjects:remove";

            // The requests of docs/shared-signals.md, as written, on a stream of their tenant.
            String documented = Json.MAPPER.readTree(call(a, "POST", "/ssf/stream", "{\"tenant_id\":\"acme\","
                    + "\"default_subjects\":\"NONE\"}").body()).get("stream_id").asText();
            List<Integer> answers = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("../docs/shared-signals.md"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^POST (/ssf/subjects:\\w+) +(\\{.*\\})$")
                        .matcher(line);
                if (m.matches()) {
                    answers.add(call(a, "POST", m.group(1), m.group(2).replace("\"...\"", "\"" + documented + "\""))
                            .statusCode());
                }
            }
            assertEquals(List.of(200, 200, 204), answers, "the documented adds and remove");

            // Added through b, which does not hold the stream; hostile bodies get their 4xx and change nothing.
            expect(200, call(b, "POST", add, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("bob") + "}"));
            expect(403, call(b, "POST", add, "{\"stream_id\":\"" + stream + "\",\"subject\":{\"format\":\"complex\","
                    + "\"tenant\":{\"format\":\"opaque\",\"id\":\"other-co\"}}}"));
            expect(400, call(b, "POST", add, "{\"stream_id\":\"" + stream + "\",\"subject\":{\"format\":\"email\","
                    + "\"email\":\"bob@sub-co.example\"}}"));
            expect(400, call(b, "POST", add, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("x".repeat(5000)) + "}"));
            expect(404, call(b, "POST", add, "{\"stream_id\":\"" + "0".repeat(32) + "\",\"subject\":" + iss("bob") + "}"));
            expect(413, call(b, "POST", add, "{\"stream_id\":\"" + stream + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}"));

            expect(200, call(a, "POST", "/v1/commands", "{\"tenantId\":\"sub-co\",\"target\":{\"type\":\"tenant\","
                    + "\"id\":\"sub-co\"},\"action\":\"register\"}"));
            for (String u : List.of("bob", "carol")) {
                user(a, u, "register", ",\"status\":\"active\"");
            }
            user(a, "carol", "deactivate", "");
            user(a, "bob", "deactivate", "");
            assertEquals(List.of("bob"), polled(a, stream, 1), "only the added subject's SET");

            expect(204, call(a, "POST", remove, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("bob") + "}"));
            expect(200, call(a, "POST", add, "{\"stream_id\":\"" + stream + "\",\"subject\":" + TENANT + "}"));
            expect(204, call(a, "POST", remove, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("carol") + "}"));
            user(b, "carol", "activate", "");
            user(b, "bob", "activate", "");
            assertEquals(List.of("bob"), polled(b, stream, 1), "the tenant covers bob; carol was removed");

            // A restarted instance keeps every choice: the subjects live in the streams topic.
            a.terminate();
            List<String> args = new ArrayList<>(common);
            args.addAll(List.of("--state-dir", dir.resolve("a2").resolve("state").toString()));
            WorkerProcess a2 = WorkerProcess.start(dir.resolve("a2"), args.toArray(String[]::new)).awaitReady();
            workers.add(a2);
            // Kept: the tenant and carol's removal. A third choice fits the bound of 3, a fourth is 409,
            // whatever characters the subject's key holds (one past U+FFFF sorts after most keys).
            expect(204, call(a2, "POST", remove, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("dave\uD83D\uDE00")
                    + "}"));
            expect(409, call(a2, "POST", remove, "{\"stream_id\":\"" + stream + "\",\"subject\":" + iss("erin") + "}"));
            user(a2, "carol", "deactivate", "");
            user(a2, "bob", "deactivate", "");
            user(a2, "carol", "activate", "");
            assertEquals(List.of("bob"), polled(a2, stream, 1), "carol stays removed, bob stays covered");
        } finally {
            for (WorkerProcess w : workers) {
                w.close();
            }
        }
    }
}
