package io.statusflow.it;

import static io.statusflow.it.Clients.TOPICS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's two Kafka producer examples, run as written with Kafka's console producer on a
 * try-it instance started with --command-auth token: the token way is applied, and the trusted
 * way (an actor in the body, no header) is refused 401, as the README says.
 */
class ReadmeKafkaIT {

    private static final Path README = Path.of("../README.md");

    @Test
    void the_token_example_is_applied_and_the_named_actor_example_is_refused_in_token_mode() throws Exception {
        String readme = Files.readString(README);
        String token = block(readme, "```bash\nTOKEN=...   # printed at start\nbin/kafka-console-producer.sh");
        String trusted = block(readme, "```bash\nbin/kafka-console-producer.sh --bootstrap-server localhost:9092 --topic status.commands");
        assertTrue(token.contains("authorization:Bearer $TOKEN;first-corp|") && trusted.contains("\"actor\""));

        Path dir = Files.createTempDirectory("statusflow-readme-kafka");
        int kafka = Ports.freePair();
        int http = Ports.freePair();
        try (WorkerProcess worker = WorkerProcess.start(dir, "--embedded-port", Integer.toString(kafka), "--embedded-dir",
                dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(), "--http-port",
                Integer.toString(http), "--no-ssf", "--command-auth", "token").awaitReady()) {
            Matcher m = Pattern.compile("TOKEN=(\\S+)").matcher(worker.output());
            assertTrue(m.find(), worker.output());
            String jwt = m.group(1);
            assertTrue(worker.output().contains("authorization: Bearer $TOKEN"), "the start says how Kafka commands carry it");
            // "First five minutes" made the tenant and Alice; here they are made the same way.
            post(http, jwt, "{\"tenantId\":\"first-corp\",\"target\":{\"type\":\"tenant\",\"id\":\"first-corp\"},\"action\":\"register\"}");
            post(http, jwt, "{\"tenantId\":\"first-corp\",\"target\":{\"type\":\"user\",\"id\":\"alice\"},\"action\":\"register\","
                    + "\"status\":\"active\"}");

            run(dir, token, kafka, jwt);
            String answered = run(dir, trusted, kafka, jwt);
            assertTrue(answered.contains("\"commandId\":\"console-1\"") && answered.contains("\"code\":401"),
                    "the block's own consumer shows its result: " + answered);
            try (Clients c = new Clients("localhost:" + kafka); Clients.Reader results = c.reader(TOPICS.results())) {
                JsonNode applied = results.awaitCount(r -> r.path("commandId").asText().equals("console-2"), 1,
                        Duration.ofSeconds(60)).get(0);
                assertEquals("applied", applied.path("outcome").asText(), applied::toString);
                assertEquals(200, applied.path("code").asInt());
                JsonNode refused = results.awaitCount(r -> r.path("commandId").asText().equals("console-1"), 1,
                        Duration.ofSeconds(60)).get(0);
                assertEquals(401, refused.path("code").asInt(), refused::toString);
            }
        }
    }

    /** A README block from its opening line to its end. */
    private static String block(String readme, String opening) {
        int start = readme.indexOf(opening);
        assertTrue(start >= 0, "the README has " + opening);
        int end = readme.indexOf("\n```", start + 3);
        return readme.substring(start + "```bash\n".length(), end + 1);
    }

    /** Runs a block with bash, with Kafka's own console producer as the README's KT line gives it. */
    private static String run(Path dir, String block, int kafka, String jwt) throws Exception {
        String script = "KT=\"" + System.getProperty("java.class.path") + "\"\n" + block
                .replace("TOKEN=...   # printed at start", "TOKEN='" + jwt + "'")
                .replace("bin/kafka-console-producer.sh", "java -cp \"$KT\" org.apache.kafka.tools.ConsoleProducer")
                .replace("bin/kafka-console-consumer.sh", "java -cp \"$KT\" org.apache.kafka.tools.consumer.ConsoleConsumer")
                .replace("localhost:9092", "localhost:" + kafka);
        DocumentedCommand.Ran ran = DocumentedCommand.run(script, Map.of(), Duration.ofSeconds(90));
        String out = ran.output();
        assertEquals(0, ran.exit(), out);
        return out;
    }

    private static void post(int port, String jwt, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/commands")).header("Authorization", "Bearer " + jwt).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
