package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.statusflow.auth.Tokens;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.topology.Cmd;
import java.io.Writer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * statusflow on a secured cluster: SCRAM-SHA-512 over TLS, the StandardAuthorizer, and no access
 * without an ACL. Every principal gets exactly the ACLs of docs/security.md ("ACLs"), read from
 * that table, and each is allowed what it lists and refused the rest.
 */
class SecuredClusterIT {

    private static final List<String> PRINCIPALS = List.of("statusflow", "command-producer", "events-consumer", "connect-sink");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PLATFORM = "Bearer " + Tokens.hs256(
            Tokens.claims("provisioner", "service", List.of("platform-admin")).build());

    private static SecuredBroker broker;
    private static Path dir;
    private static Path config;
    private static Path signingKey;
    private static List<AclBinding> documented;

    @BeforeAll
    static void securedBroker() throws Exception {
        dir = Files.createTempDirectory("statusflow-secured");
        Map<String, String> passwords = new HashMap<>();
        passwords.put(SecuredBroker.ADMIN, "admin-secret");
        PRINCIPALS.forEach(p -> passwords.put(p, p + "-secret"));
        broker = SecuredBroker.start(dir.resolve("broker"), passwords);
        documented = documentedAcls();
        try (Admin admin = Admin.create(broker.client(SecuredBroker.ADMIN))) {
            admin.createAcls(documented).all().get(30, TimeUnit.SECONDS);
        }
        config = dir.resolve("statusflow.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            broker.clientProps("statusflow").store(w, "statusflow's principal");
        }
        signingKey = dir.resolve("ssf-key.json");
        Files.writeString(signingKey, new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").algorithm(JWSAlgorithm.ES256)
                .generate()).toString(false));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The rows of the ACL table of docs/security.md, as bindings. */
    static List<AclBinding> documentedAcls() throws Exception {
        List<AclBinding> acls = new ArrayList<>();
        for (AclTable.Acl a : AclTable.read()) {
            ResourceType type = switch (a.resource()) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
                default -> throw new AssertionError("resource " + a.resource());
            };
            AclOperation operation = AclOperation.valueOf(a.operation().replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toUpperCase(Locale.ROOT));
            acls.add(new AclBinding(new ResourcePattern(type, a.name(), PatternType.valueOf(a.pattern().toUpperCase(Locale.ROOT))),
                    new AccessControlEntry("User:" + a.principal(), "*", operation, AclPermissionType.ALLOW)));
        }
        assertTrue(acls.size() > 30, "the table was read: " + acls.size());
        assertEquals(PRINCIPALS.size(), acls.stream().map(a -> a.entry().principal()).distinct().count());
        return acls;
    }

    private static WorkerProcess statusflow(int http) {
        return WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString(), "--partitions", "3", "--replication-factor", "1",
                "--command-auth", "token", "--jwt-secret", Tokens.SECRET, "--http-port", Integer.toString(http),
                "--ssf-issuer", "http://localhost:" + http, "--ssf-signing-key", signingKey.toString(),
                "--startup-timeout", "30s");
    }

    @Test
    void with_exactly_the_documented_acls_every_principal_does_its_part_and_nothing_more() throws Exception {
        int http = Ports.freePair();
        try (WorkerProcess worker = statusflow(http).awaitReady()) {
            String tenant = "secured-corp";
            Cmd register = Cmd.of(tenant, "tenant", tenant, "register");
            Cmd user = Cmd.of(tenant, "user", "ana", "register").status("active");
            Cmd off = Cmd.of(tenant, "user", "ana", "deactivate").reason("left");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.client("command-producer"),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (Cmd c : List.of(register, user, off)) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>("status.commands", tenant, c.bytes());
                    r.headers().add("authorization", PLATFORM.getBytes(StandardCharsets.UTF_8));
                    producer.send(r).get(30, TimeUnit.SECONDS);
                }
            }
            List<String> events = readAs("events-consumer", "revocation-listener", "status.events", tenant + "/user/ana", 2);
            assertTrue(events.get(1).contains("\"access\":\"none\""), events::toString);
            List<String> rows = readAs("connect-sink", "connect-statusflow-current-postgres", "status.current",
                    tenant + "/user/ana", 2);
            assertTrue(rows.get(1).contains("\"status\":\"inactive\""), rows::toString);

            // Shared Signals runs on the same principal: a receiver's poll stream gets the SET of a later change.
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> stream = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/ssf/stream"))
                    .header("Authorization", PLATFORM).header("Content-Type", "application/json").POST(
                            HttpRequest.BodyPublishers.ofString("{\"events_requested\":[\""
                                    + io.statusflow.ssf.EventTypes.ACCOUNT_ENABLED + "\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, stream.statusCode(), stream.body());
            String streamId = io.statusflow.wire.Json.MAPPER.readTree(stream.body()).path("stream_id").asText();
            // The HTTP API's gateway and result reader use the --config file's security settings too.
            HttpResponse<String> viaHttp = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http + "/v1/commands")).header("Authorization", PLATFORM)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"tenantId\":\"" + tenant + "\",\"target\":{\"type\":\"user\",\"id\":\"ana\"},\"action\":\"activate\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, viaHttp.statusCode(), viaHttp.body());
            Instant deadline = Instant.now().plus(WAIT);
            String sets = "{}";
            while (sets.equals("{}") && Instant.now().isBefore(deadline)) {
                HttpResponse<String> poll = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http
                        + "/ssf/poll/" + streamId)).header("Authorization", PLATFORM).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(poll.statusCode() == 200 || poll.statusCode() == 503, poll.body());
                sets = poll.statusCode() == 200 ? io.statusflow.wire.Json.MAPPER.readTree(poll.body()).path("sets").toString() : "{}";
            }
            assertFalse(sets.equals("{}"), "a SET was delivered through the outbox on the secured cluster");

            assertRefusedRead("command-producer", "status.events");
            assertRefusedRead("command-producer", "status.command-results");
            assertRefusedRead("events-consumer", "status.commands");
            assertRefusedRead("connect-sink", "status.command-results");
            try (KafkaProducer<String, byte[]> consumerAsProducer = new KafkaProducer<>(broker.client("events-consumer"),
                    new StringSerializer(), new ByteArraySerializer())) {
                Exception e = assertThrows(Exception.class, () -> consumerAsProducer.send(new ProducerRecord<>("status.commands",
                        tenant, off.bytes())).get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof TopicAuthorizationException, e.toString());
            }
            assertEquals(0, worker.terminate(), worker.output());
        }
    }

    @Test
    void each_acl_of_statusflow_taken_away_stops_the_start_in_one_line_naming_it() throws Exception {
        Map<AclBinding, String> cases = new java.util.LinkedHashMap<>();
        cases.put(binding(ResourceType.TOPIC, "status.commands", PatternType.LITERAL, AclOperation.READ),
                "may not Read topic status.commands");
        cases.put(binding(ResourceType.TOPIC, "status.events", PatternType.LITERAL, AclOperation.WRITE),
                "may not Write topic status.events");
        cases.put(binding(ResourceType.GROUP, "statusflow", PatternType.LITERAL, AclOperation.READ),
                "may not Read group statusflow");
        cases.put(binding(ResourceType.TRANSACTIONAL_ID, "statusflow-", PatternType.PREFIXED, AclOperation.WRITE),
                "may not Write transactional ids prefixed statusflow-");
        try (Admin admin = Admin.create(broker.client(SecuredBroker.ADMIN))) {
            for (Map.Entry<AclBinding, String> c : cases.entrySet()) {
                assertTrue(documented.contains(c.getKey()), "a documented ACL: " + c.getKey());
                admin.deleteAcls(List.of(c.getKey().toFilter())).all().get(30, TimeUnit.SECONDS);
                try (WorkerProcess worker = statusflow(Ports.freePair())) {
                    Optional<Integer> exit = worker.awaitExit(Duration.ofSeconds(90));
                    assertEquals(Optional.of(1), exit, worker.output());
                    List<String> lines = worker.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
                    assertEquals(1, lines.size(), worker.output());
                    assertTrue(lines.get(0).contains(c.getValue()) && lines.get(0).contains("missing ACL"), lines.get(0));
                } finally {
                    admin.createAcls(List.of(c.getKey())).all().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:statusflow", "*", op, AclPermissionType.ALLOW));
    }

    /** Reads a topic as a principal, in its group, until {@code count} records of {@code key} came. */
    private static List<String> readAs(String principal, String group, String topic, String key, int count) {
        Map<String, Object> p = broker.client(principal);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(WAIT);
            while (seen.size() < count) {
                assertTrue(Instant.now().isBefore(deadline), principal + " read " + seen + " of " + topic);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        seen.add(r.value());
                    }
                }
            }
        }
        return seen;
    }

    private static void assertRefusedRead(String principal, String topic) {
        Map<String, Object> p = broker.client(principal);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertThrows(TopicAuthorizationException.class, () -> {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (Instant.now().isBefore(deadline)) {
                    c.poll(Duration.ofMillis(200));
                }
            }, principal + " may not read " + topic);
        }
    }
}
