package io.statusflow.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.statusflow.auth.Tokens;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.wire.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Push with several SETs in flight, on a real broker and a real receiver: a tenant cascade where
 * the receiver fails one member's SET for 20 s delivers every other member meanwhile and that one
 * after; and a worker killed with SIGKILL in the middle of the next cascade leaves nothing
 * undelivered once restarted, a SET sent twice keeping its jti.
 */
class SsfPushCrashIT extends OwnBroker {

    private static final int MEMBERS = 800;
    private static final String STUCK = "m7";
    private static final String ADMIN = "\"actor\":{\"id\":\"ops\",\"type\":\"service\",\"roles\":[\"platform-admin\"]}";
    private final HttpClient http = HttpClient.newHttpClient();

    /** A SET as the receiver saw it: subject, type, jti, and whether it was accepted. */
    private record Got(String subject, String type, String jti, boolean accepted, Instant at) {}

    @Test
    void a_failing_subject_holds_only_itself_and_a_killed_worker_delivers_everything_after_restart() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-ssf-push-crash");
        Path key = dir.resolve("key.jwk");
        Files.writeString(key, new RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        String run = "pushcrash" + System.nanoTime();
        // The restarted worker takes the outbox partitions once the killed one's session ends.
        Path config = dir.resolve("statusflow.properties");
        Files.writeString(config, "session.timeout.ms=6000\nheartbeat.interval.ms=2000\n");
        Instant healAt = Instant.now().plus(Duration.ofHours(1));
        Instant[] heal = {healAt};
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/push", ex -> {
            String jwt = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            JsonNode sub = claims.get("sub_id");
            String subject = sub.has("sub") ? sub.get("sub").asText() : "tenant";
            boolean accept = !subject.equals(STUCK) || Instant.now().isAfter(heal[0]);
            got.add(new Got(subject, claims.get("events").fieldNames().next(), claims.get("jti").asText(), accept, Instant.now()));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(accept ? 202 : 503, -1);
            ex.close();
        });
        receiver.start();
        List<String> args = List.of("--bootstrap-servers", broker.bootstrapServers(), "--application-id", run,
                "--partitions", "2", "--replication-factor", "1", "--http-port", "0", "--jwt-secret", Tokens.SECRET,
                "--ssf-issuer", "https://sf.example", "--ssf-signing-key", key.toString(), "--ssf-allow-insecure-push",
                "--state-dir", dir.resolve("state").toString(), "--config", config.toString(), "--commands-topic", run + ".commands", "--results-topic",
                run + ".results", "--events-topic", run + ".events", "--current-topic", run + ".current", "--dlq-topic",
                run + ".dlq", "--rerouted-topic", run + ".rerouted", "--ssf-streams-topic", run + ".streams",
                "--ssf-outbox-topic", run + ".outbox", "--ssf-positions-topic", run + ".positions");
        WorkerProcess first = WorkerProcess.start(dir, args.toArray(String[]::new)).awaitReady();
        WorkerProcess second = null;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            send(producer, run, "{\"commandId\":\"reg\",\"tenantId\":\"pc\",\"target\":{\"type\":\"tenant\",\"id\":\"pc\"},"
                    + "\"action\":\"register\"," + ADMIN + "}");
            for (int i = 0; i < MEMBERS; i++) {
                send(producer, run, "{\"commandId\":\"m" + i + "\",\"tenantId\":\"pc\",\"target\":{\"type\":\"user\",\"id\":"
                        + "\"m" + i + "\"},\"action\":\"register\",\"status\":\"active\"," + ADMIN + "}");
            }
            producer.flush();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + first.httpPort()
                    + "/ssf/stream")).header("Authorization", "Bearer " + Tokens.platformAdmin())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tenant_id\":\"pc\",\"events_requested\":[\""
                            + EventTypes.ACCOUNT_DISABLED + "\",\"" + EventTypes.ACCOUNT_ENABLED + "\"],\"delivery\":{\"method\":"
                            + "\"urn:ietf:rfc:8935\",\"endpoint_url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                            + "/push\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            // One member's SET fails for 20 s: every other SET of the cascade is delivered meanwhile.
            heal[0] = Instant.now().plusSeconds(20);
            send(producer, run, "{\"commandId\":\"off\",\"tenantId\":\"pc\",\"target\":{\"type\":\"tenant\",\"id\":\"pc\"},"
                    + "\"action\":\"deactivate\"," + ADMIN + "}");
            producer.flush();
            await().atMost(Duration.ofSeconds(90)).until(() -> accepted(got, EventTypes.ACCOUNT_DISABLED).size() == MEMBERS);
            assertTrue(Instant.now().isBefore(heal[0]), "the others came while " + STUCK + " failed");
            assertTrue(got.stream().anyMatch(g -> g.subject().equals(STUCK) && !g.accepted()), "it was tried and failed");
            await().atMost(Duration.ofSeconds(90)).until(() -> accepted(got, EventTypes.ACCOUNT_DISABLED).size() == MEMBERS + 1);
            assertTrue(!accepted(got, EventTypes.ACCOUNT_DISABLED).get(STUCK).isBefore(heal[0]));

            // The next cascade, killed in the middle: the restarted worker delivers the rest.
            send(producer, run, "{\"commandId\":\"on\",\"tenantId\":\"pc\",\"target\":{\"type\":\"tenant\",\"id\":\"pc\"},"
                    + "\"action\":\"activate\"," + ADMIN + "}");
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted(got, EventTypes.ACCOUNT_ENABLED).size() >= 100);
            first.kill();
            int before = accepted(got, EventTypes.ACCOUNT_ENABLED).size();
            assertTrue(before < MEMBERS + 1, "killed in the middle: " + before + " delivered");
            second = WorkerProcess.start(dir, args.toArray(String[]::new)).awaitReady();
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted(got, EventTypes.ACCOUNT_ENABLED).size() == MEMBERS + 1);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            receiver.stop(0);
        }
        // At least once, with the same jti: a subject's SET of one type has one jti however often it came.
        Map<String, Set<String>> jtis = new HashMap<>();
        for (Got g : got) {
            jtis.computeIfAbsent(g.subject() + " " + g.type(), k -> new HashSet<>()).add(g.jti());
        }
        List<String> twoJtis = new ArrayList<>();
        jtis.forEach((k, v) -> {
            if (v.size() != 1) {
                twoJtis.add(k + " " + v);
            }
        });
        assertEquals(List.of(), twoJtis);
        assertEquals(2 * (MEMBERS + 1), jtis.size(), "every member and the tenant, disabled then enabled");
    }

    /** When each subject's SET of this type was first accepted. */
    private static Map<String, Instant> accepted(ConcurrentLinkedQueue<Got> got, String type) {
        Map<String, Instant> out = new HashMap<>();
        for (Got g : got) {
            if (g.accepted() && g.type().equals(type)) {
                out.putIfAbsent(g.subject(), g.at());
            }
        }
        return out;
    }

    private static void send(KafkaProducer<String, String> producer, String run, String command) {
        producer.send(new ProducerRecord<>(run + ".commands", "pc", command));
    }
}
