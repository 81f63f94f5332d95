package io.statusflow.it;

import static io.statusflow.it.Clients.TOPICS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.PlainJWT;
import io.statusflow.auth.Tokens;
import io.statusflow.testkit.Crc32Partitioner;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.topology.Cmd;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --command-auth token} through the jar on a real broker: the actor is a verified token's,
 * judged at the broker's append time, and no token leaves the commands and reroute topics.
 */
class VerifiedActorsIT extends OwnBroker {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TENANT = "va-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String PLATFORM = bearer(Tokens.claims("provisioner", "service", List.of("platform-admin")));
    private static final List<String> USED = new ArrayList<>(List.of(PLATFORM));
    private static Path dir;
    private static WorkerProcess worker;
    private static String backlogId;
    private static int http;

    private static String bearer(com.nimbusds.jwt.JWTClaimsSet.Builder claims) {
        return "Bearer " + Tokens.hs256(claims.build());
    }

    private static String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "3", "--replication-factor", "1", "--application-id",
                "statusflow-va", "--command-auth", "token", "--jwt-secret", Tokens.SECRET, "--jwt-clock-skew", "1s",
                "--http-port", Integer.toString(http), "--no-ssf"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void backlogThenWorker() throws Exception {
        dir = Files.createTempDirectory("statusflow-va");
        http = Ports.freePair();
        try (WorkerProcess first = WorkerProcess.start(dir, args()).awaitReady()) {
            assertTrue(first.output().contains("statusflow ready"));
            assertEquals(0, first.terminate());
        }
        // A command whose token expires while no worker runs: judged at its append time, it is processed.
        long exp = (System.currentTimeMillis() / 1000 + 2) * 1000;
        String shortLived = bearer(Tokens.claims("provisioner", "service", List.of("platform-admin"))
                .expirationTime(new Date(exp)));
        USED.add(shortLived);
        Cmd register = Cmd.of(TENANT, "tenant", TENANT, "register");
        backlogId = register.commandId();
        try (Clients c = new Clients(broker.bootstrapServers())) {
            send(register, Optional.of(shortLived), Map.of());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > exp + 1_500);
        worker = WorkerProcess.start(dir, args()).awaitReady();
    }

    private static void stop() throws Exception {
        if (worker != null) {
            worker.terminate();
        }
    }

    /** Sends one command record, with an authorization header when given, and waits for the broker's ack. */
    private static void send(Cmd cmd, Optional<String> authorization, Map<String, Object> producerProps) throws Exception {
        Map<String, Object> p = new java.util.HashMap<>(producerProps);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPICS.commands().name(), cmd.tenantId(), cmd.bytes());
            authorization.ifPresent(a -> r.headers().add("authorization", a.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode result(Clients.Reader results, String commandId) {
        return results.awaitCount(r -> r.path("commandId").asText().equals(commandId), 1, WAIT).get(0);
    }

    @Test
    void statusflow_creates_the_commands_topic_with_broker_timestamps_and_processes_a_backlog_of_expired_tokens()
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPICS.commands().name());
            assertEquals("LogAppendTime", admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                    .get("message.timestamp.type").value());
        }
        try (Clients c = new Clients(broker.bootstrapServers()); Clients.Reader results = c.reader(TOPICS.results())) {
            JsonNode r = result(results, backlogId);
            assertEquals(200, r.path("code").asInt(), r::toString);
        }
        assertFalse(worker.output().contains("--command-auth trusted"), "token mode does not warn");
    }

    @Test
    void missing_unsigned_wrongly_signed_and_expired_tokens_are_401_and_change_nothing() throws Exception {
        String unsigned = "Bearer " + new PlainJWT(Tokens.claims("provisioner", "service", List.of("platform-admin")).build())
                .serialize();
        String wrongKey = "Bearer " + Tokens.hs256(Tokens.claims("provisioner", "service", List.of("platform-admin")).build(),
                "another-secret-of-at-least-32-bytes!!");
        String expired = bearer(Tokens.claims("provisioner", "service", List.of("platform-admin"))
                .expirationTime(new Date(System.currentTimeMillis() - 60_000)));
        USED.addAll(List.of(unsigned, wrongKey, expired));
        String tenant = TENANT + "-401";
        List<Optional<String>> headers = List.of(Optional.empty(), Optional.of(unsigned), Optional.of(wrongKey),
                Optional.of(expired));
        List<String> ids = new ArrayList<>();
        for (Optional<String> h : headers) {
            Cmd cmd = Cmd.tenant(tenant, "register");
            ids.add(cmd.commandId());
            send(cmd, h, Map.of());
        }
        try (Clients c = new Clients(broker.bootstrapServers()); Clients.Reader results = c.reader(TOPICS.results());
                Clients.Reader events = c.reader(TOPICS.events())) {
            List<String> messages = new ArrayList<>();
            for (String id : ids) {
                JsonNode r = result(results, id);
                assertEquals(401, r.path("code").asInt(), r::toString);
                assertEquals("unauthenticated", r.path("error").asText());
                messages.add(r.path("message").asText());
            }
            assertTrue(messages.get(0).contains("authorization header"), messages::toString);
            assertEquals("the token has expired", messages.get(3));
            assertTrue(events.settle(e -> e.path("tenantId").asText().equals(tenant), Duration.ofSeconds(1)).isEmpty());
        }
    }

    @Test
    void a_forged_body_actor_and_another_tenants_token_are_403() throws Exception {
        String tenant = TENANT + "-403";
        send(Cmd.of(tenant, "tenant", tenant, "register"), Optional.of(PLATFORM), Map.of());
        Cmd forged = Cmd.of(tenant, "tenant", tenant, "deactivate")
                .by(new io.statusflow.topology.Actors.Actor("root", "service", List.of("platform-admin")));
        String otherTenant = bearer(Tokens.claims("provisioner", "service", List.of("platform-admin"))
                .claim("tenant_id", "someone-else"));
        USED.add(otherTenant);
        Cmd elsewhere = Cmd.of(tenant, "tenant", tenant, "deactivate");
        send(forged, Optional.of(PLATFORM), Map.of());
        send(elsewhere, Optional.of(otherTenant), Map.of());
        try (Clients c = new Clients(broker.bootstrapServers()); Clients.Reader results = c.reader(TOPICS.results())) {
            JsonNode f = result(results, forged.commandId());
            assertEquals(403, f.path("code").asInt(), f::toString);
            assertTrue(f.path("message").asText().startsWith("the command's actor"), f::toString);
            JsonNode e = result(results, elsewhere.commandId());
            assertEquals(403, e.path("code").asInt(), e::toString);
            assertTrue(e.path("message").asText().contains("limited to tenant someone-else"), e::toString);
        }
    }

    @Test
    void crc32_producers_send_with_tokens_through_the_reroute() throws Exception {
        String tenant = null;
        for (int i = 0; tenant == null; i++) {
            String t = TENANT + "-crc" + i;
            byte[] k = t.getBytes(StandardCharsets.UTF_8);
            if (Crc32Partitioner.partition(k, 3) != PartitionersTest.murmur2(k, 3)) {
                tenant = t;
            }
        }
        Map<String, Object> crc = Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName());
        Cmd register = Cmd.of(tenant, "tenant", tenant, "register");
        Cmd user = Cmd.of(tenant, "user", "u1", "register").status("active");
        send(register, Optional.of(PLATFORM), crc);
        send(user, Optional.of(PLATFORM), crc);
        try (Clients c = new Clients(broker.bootstrapServers()); Clients.Reader results = c.reader(TOPICS.results());
                Clients.Reader rerouted = c.reader(TOPICS.rerouted())) {
            assertEquals(200, result(results, register.commandId()).path("code").asInt());
            assertEquals(200, result(results, user.commandId()).path("code").asInt());
            String t = tenant;
            rerouted.awaitCount(r -> r.path("tenantId").asText().equals(t), 2, WAIT);
            for (ConsumerRecord<String, byte[]> r : rerouted.raw()) {
                if (r.key().equals(tenant)) {
                    assertEquals(PLATFORM, new String(r.headers().lastHeader("authorization").value(), StandardCharsets.UTF_8),
                            "the owner verifies the token, so the reroute keeps it");
                }
            }
            assertNotEquals(0, rerouted.raw().size());
        }
    }

    @Test
    void the_http_api_forwards_its_callers_token_with_each_command() throws Exception {
        String tenant = TENANT + "-http";
        String token = PLATFORM.substring("Bearer ".length());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/v1/commands"))
                .header("Authorization", PLATFORM).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\",\"target\":{\"type\":\"tenant\",\"id\":\""
                        + tenant + "\"},\"action\":\"register\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"updatedBy\":\"provisioner\""), r.body());
        assertFalse(r.body().contains(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void a_dead_letter_keeps_no_token_and_still_answers() throws Exception {
        byte[] garbage = "{\"commandId\":\"va-dlq-1\",\"action\":\"x\",\"action\":\"y\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> p = producer("0")) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPICS.commands().name(), TENANT, garbage);
            r.headers().add("Authorization", PLATFORM.getBytes(StandardCharsets.UTF_8));
            p.send(r).get(30, TimeUnit.SECONDS);
        }
        try (Clients c = new Clients(broker.bootstrapServers()); Clients.Reader dlq = c.reader(TOPICS.deadLetters());
                Clients.Reader results = c.reader(TOPICS.results())) {
            assertEquals(400, result(results, "va-dlq-1").path("code").asInt());
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                dlq.poll(Duration.ofMillis(100));
                return dlq.raw().stream().anyMatch(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8)
                        .contains("va-dlq-1"));
            });
            for (ConsumerRecord<String, byte[]> r : dlq.raw()) {
                for (Header h : r.headers()) {
                    assertFalse(h.key().equalsIgnoreCase("authorization"), "dead letters drop the token's header");
                }
            }
        }
    }

    @Test
    void a_commands_topic_with_producer_timestamps_stops_token_mode_with_the_fix() throws Exception {
        String topic = "va.createtime.commands";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("message.timestamp.type", "CreateTime"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Path other = Files.createTempDirectory("statusflow-va-ct");
        try (WorkerProcess w = WorkerProcess.start(other, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                other.resolve("state").toString(), "--replication-factor", "1", "--application-id", "statusflow-va-ct",
                "--commands-topic", topic, "--rerouted-topic", topic + ".rerouted", "--command-auth", "token",
                "--jwt-secret", Tokens.SECRET, "--no-http")) {
            Optional<Integer> exit = w.awaitExit(Duration.ofSeconds(60));
            assertEquals(Optional.of(1), exit, w.output());
            List<String> lines = w.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
            assertEquals(1, lines.size(), w.output());
            assertTrue(lines.get(0).contains("kafka-configs.sh --bootstrap-server " + broker.bootstrapServers()
                    + " --alter --entity-type topics --entity-name " + topic + " --add-config message.timestamp.type=LogAppendTime"),
                    lines.get(0));
        }
    }

    /** Last, over everything the other tests made: no token in a result, event, snapshot, dead letter, metric or log line. */
    @AfterAll
    static void no_token_rests_outside_the_commands_and_reroute_topics() throws Exception {
        try {
            searchForTokens();
        } finally {
            stop();
        }
    }

    private static void searchForTokens() throws Exception {
        List<String> signatures = USED.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).filter(s -> s.length() > 10)
                .toList();
        try (Clients c = new Clients(broker.bootstrapServers())) {
            for (var topic : List.of(TOPICS.results(), TOPICS.events(), TOPICS.current(), TOPICS.deadLetters())) {
                try (Clients.Reader r = c.reader(topic)) {
                    r.settle(x -> true, Duration.ofSeconds(2));
                    assertFalse(r.raw().isEmpty(), "the search reads what the tests wrote to " + topic.name());
                    for (ConsumerRecord<String, byte[]> rec : r.raw()) {
                        String all = (rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8))
                                + rec.headers().toString();
                        for (Header h : rec.headers()) {
                            all += new String(h.value() == null ? new byte[0] : h.value(), StandardCharsets.UTF_8);
                        }
                        for (String s : signatures) {
                            assertFalse(all.contains(s), "a token in " + topic.name() + ": " + all);
                        }
                    }
                }
            }
        }
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/metrics"))
                .header("Authorization", PLATFORM).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        for (String s : signatures) {
            assertFalse(metrics.body().contains(s), "a token in the metrics");
        }
        String log = worker == null ? "" : worker.output();
        for (String s : signatures) {
            assertFalse(log.contains(s), "a token in the worker's log");
        }
    }
}
