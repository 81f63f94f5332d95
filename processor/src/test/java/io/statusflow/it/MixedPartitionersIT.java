package io.statusflow.it;

import io.statusflow.auth.Tokens;
import io.statusflow.testkit.Crc32Partitioner;
import io.statusflow.testkit.WorkerProcess;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.topology.TopologyDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Producers with Java's partitioner and with librdkafka's (crc32) send commands for the same
 * tenants to a six-partition topic: each tenant is still one state, at its owner's partition.
 */
class MixedPartitionersIT extends OwnBroker {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-mixed");
        worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "6", "--replication-factor", "1", "--http-port", "0",
                "--jwt-secret", Tokens.SECRET).awaitReady();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            assertEquals(0, worker.terminate(), "a clean stop exits 0");
        }
    }

    @Test
    void a_tenant_registered_from_both_partitioners_is_one_state_and_each_command_gets_one_answer() throws Exception {
        String tenant = "web-6a3410";
        assertNotEquals(Crc32Partitioner.partition(bytes(tenant), 6), PartitionersTest.murmur2(bytes(tenant), 6),
                "the two clients place this tenant differently");
        List<Cmd> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> java = producer(Map.of());
                KafkaProducer<String, byte[]> crc32 = producer(Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG,
                        Crc32Partitioner.class.getName()));
                Clients clients = new Clients(broker.bootstrapServers());
                Clients.Reader results = clients.reader(TOPICS.results());
                Clients.Reader events = clients.reader(TOPICS.events())) {
            // Alternately through both clients, each waiting for the last answer as an admin API would.
            Cmd register = Cmd.tenant(tenant, "register").by(Actors.PLATFORM);
            Cmd u1 = Cmd.user(tenant, "u1", "register").status("active").by(Actors.PLATFORM);
            Cmd u2 = Cmd.user(tenant, "u2", "register").status("active").by(Actors.PLATFORM);
            Cmd c1 = Cmd.client(tenant, "c1", "register").status("active").by(Actors.PLATFORM);
            Cmd u1Again = Cmd.user(tenant, "u1", "register").by(Actors.PLATFORM);
            Cmd u1Off = Cmd.user(tenant, "u1", "deactivate").by(Actors.SERVICE_ADMIN);
            Cmd tenantOff = Cmd.tenant(tenant, "deactivate").by(Actors.PLATFORM);
            Map<Cmd, Integer> expected = new HashMap<>();
            int i = 0;
            for (Cmd c : List.of(register, u1, u2, c1, u1Again, u1Off, tenantOff)) {
                send(i++ % 2 == 0 ? crc32 : java, c);
                sent.add(c);
                JsonNode answer = results.awaitCount(r -> r.path("commandId").asText().equals(c.commandId()), 1, WAIT).get(0);
                expected.put(c, answer.path("code").asInt());
            }
            assertEquals(200, expected.get(register));
            assertEquals(200, expected.get(u1), "the tenant registered through crc32 is found by a member sent through murmur2");
            assertEquals(200, expected.get(u2));
            assertEquals(200, expected.get(c1));
            assertEquals(409, expected.get(u1Again), "the same user registered through the other client is a conflict");
            assertEquals(200, expected.get(u1Off));
            assertEquals(200, expected.get(tenantOff));

            // One history per entity: versions 1, 2, ... with no repeat.
            List<JsonNode> all = events.settle(e -> e.path("tenantId").asText().equals(tenant), Duration.ofSeconds(2));
            Map<String, List<Long>> versions = new HashMap<>();
            all.forEach(e -> versions.computeIfAbsent(e.path("entityKey").asText(), k -> new ArrayList<>())
                    .add(e.path("version").asLong()));
            assertEquals(List.of(1L, 2L), versions.get(tenant + "/tenant/" + tenant));
            assertEquals(List.of(1L, 2L), versions.get(tenant + "/user/u1"), "registered, deactivated (no access left for the cascade to take)");
            assertEquals(List.of(1L, 2L), versions.get(tenant + "/user/u2"));
            assertEquals(List.of(1L, 2L), versions.get(tenant + "/client/c1"));
            int owner = PartitionersTest.murmur2(bytes(tenant), 6);
            assertTrue(events.raw().stream().filter(r -> r.key().startsWith(tenant + "/")).allMatch(r -> r.partition() == owner),
                    "every event in the owner's partition");
            assertEquals(sent.size(), results.settle(r -> r.path("tenantId").asText().equals(tenant), Duration.ofSeconds(1))
                    .size(), "one result per command");
        }

        HttpResponse<String> read = get("/v1/tenants/" + tenant + "/user/u2", Tokens.platformAdmin());
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("none", TopologyDriver.parse(read.body().getBytes(StandardCharsets.UTF_8)).path("access").asText());
        String metrics = get("/metrics", Tokens.platformAdmin()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("statusflow_commands_rerouted_total") && !l.endsWith(" 0.0")),
                "rerouted commands are counted");
        assertTrue(worker.output().contains("partitioner=murmur2_random"), "the operator is told the producer-side fix");
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> p, Cmd c) throws Exception {
        p.send(new ProducerRecord<>(TOPICS.commands().name(), c.tenantId(), c.bytes())).get();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + worker.httpPort() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
