package io.statusflow.it;

import io.statusflow.auth.Tokens;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one cluster: a poll reaches the stream's SETs through either (the one that does
 * not hold them forwards it), and when the one that holds them is killed, the other takes over from
 * the kept position: the SETs not acknowledged come again with their same jtis, the acknowledged
 * ones never.
 */
class SsfFailoverIT extends OwnBroker {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String token = Tokens.platformAdmin();

    private HttpResponse<String> call(WorkerProcess w, String method, String path, String body, boolean forwarded)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (forwarded) {
            r.header("X-Statusflow-Forwarded", "1");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> jtis(WorkerProcess w, String stream) throws Exception {
        HttpResponse<String> r = call(w, "POST", "/ssf/poll/" + stream, "{\"returnImmediately\":true}", false);
        if (r.statusCode() == 503) {
            return List.of();
        }
        assertEquals(200, r.statusCode(), () -> r.body() + "\n" + w.output());
        List<String> out = new ArrayList<>();
        Json.MAPPER.readTree(r.body()).get("sets").fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void polls_are_forwarded_to_the_holder_and_a_killed_holders_streams_resume_where_they_stood() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-ssf-failover");
        Path key = dir.resolve("key.jwk");
        Files.writeString(key, new RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        Path config = dir.resolve("statusflow.properties");
        Files.writeString(config, "session.timeout.ms=6000\nheartbeat.interval.ms=2000\n");
        String run = "ssf" + System.nanoTime();
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                workers.add(WorkerProcess.start(dir.resolve(name), "--bootstrap-servers", broker.bootstrapServers(),
                        "--application-id", run, "--state-dir", dir.resolve(name).resolve("state").toString(),
                        "--config", config.toString(), "--partitions", "2", "--replication-factor", "1",
                        "--http-port", "0", "--jwt-secret", Tokens.SECRET, "--ssf-issuer", "https://sf.example",
                        "--ssf-signing-key", key.toString(), "--commands-topic", run + ".commands", "--results-topic",
                        run + ".results", "--events-topic", run + ".events", "--current-topic", run + ".current",
                        "--dlq-topic", run + ".dlq", "--rerouted-topic", run + ".rerouted", "--ssf-streams-topic",
                        run + ".streams", "--ssf-outbox-topic", run + ".outbox", "--ssf-positions-topic", run + ".positions")
                        .awaitReady());
            }
            WorkerProcess a = workers.get(0);
            WorkerProcess b = workers.get(1);
            HttpResponse<String> created = call(a, "POST", "/ssf/stream",
                    "{\"events_requested\":[\"" + EventTypes.ACCOUNT_DISABLED + "\"]}", false);
            assertEquals(201, created.statusCode(), created.body());
            String stream = Json.MAPPER.readTree(created.body()).get("stream_id").asText();
            assertEquals(200, call(b, "GET", "/ssf/stream?stream_id=" + stream, null, false).statusCode(),
                    "every instance serves management");

            call(a, "POST", "/v1/commands", "{\"tenantId\":\"fo\",\"target\":{\"type\":\"tenant\",\"id\":\"fo\"},\"action\":\"register\"}", false);
            for (int i = 0; i < 6; i++) {
                JsonNode r = Json.MAPPER.readTree(call(a, "POST", "/v1/commands", "{\"tenantId\":\"fo\",\"target\":{\"type\":"
                        + "\"user\",\"id\":\"u" + i + "\"},\"action\":\"register\",\"status\":\"active\"}", false).body());
                assertEquals(200, r.path("code").asInt(), r.toString());
                assertEquals(200, Json.MAPPER.readTree(call(a, "POST", "/v1/commands", "{\"tenantId\":\"fo\",\"target\":{"
                        + "\"type\":\"user\",\"id\":\"u" + i + "\"},\"action\":\"deactivate\"}", false).body()).path("code").asInt());
            }
            List<String> viaA = await().atMost(Duration.ofSeconds(60)).until(() -> jtis(a, stream), j -> j.size() == 6);
            assertEquals(viaA, await().atMost(Duration.ofSeconds(30)).until(() -> jtis(b, stream), j -> j.size() == 6),
                    "the same SETs through either instance");

            // Which one holds them: the one that answers a poll it may not forward.
            WorkerProcess holder = call(a, "POST", "/ssf/poll/" + stream, "{\"returnImmediately\":true}", true)
                    .statusCode() == 200 ? a : b;
            WorkerProcess survivor = holder == a ? b : a;
            HttpResponse<String> acked = call(survivor, "POST", "/ssf/poll/" + stream,
                    "{\"ack\":[\"" + String.join("\",\"", viaA.subList(0, 4)) + "\"],\"maxEvents\":0}", false);
            assertEquals(200, acked.statusCode(), acked.body());

            holder.kill();
            List<String> left = await().atMost(Duration.ofSeconds(90)).until(() -> jtis(survivor, stream), j -> !j.isEmpty());
            assertEquals(viaA.subList(4, 6), left, "only the two not acknowledged, with their jtis");
        } finally {
            for (WorkerProcess w : workers) {
                w.close();
            }
        }
    }
}
