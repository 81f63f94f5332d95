package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Hostile records through the real jar on a broker with Kafka's default limits: at and just past
 * every bound, records at the broker's size limit, dates past every range. Each gets its answer (a
 * code or a dead letter) and the worker answers the valid command sent after it. Then a worker whose
 * producer cannot send a result exits 1, in one line, within 30 seconds.
 */
class HostileRecordsIT extends OwnBroker {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String T = "hostile";

    /** A record and what it must get: a result code, or a dead letter with this exception header. */
    private record Case(String name, byte[] key, byte[] value, RecordHeaders headers, int code, String deadLetter) {}

    @Test
    void every_hostile_record_gets_its_answer_and_the_next_command_is_answered() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-hostile");
        List<Case> cases = corpus();
        Map<String, String> failures = new HashMap<>();
        Set<String> taken = new HashSet<>();
        try (WorkerProcess worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "3", "--replication-factor", "1", "--no-http").awaitReady();
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304"), new ByteArraySerializer(), new ByteArraySerializer());
                Clients clients = new Clients(broker.bootstrapServers());
                Clients.Reader results = clients.reader(TOPICS.results());
                Clients.Reader dlq = clients.reader(TOPICS.deadLetters())) {
            clients.send(Cmd.tenant(T, "register"));
            clients.send(Cmd.user(T, "u1", "register").status("active").by(Actors.PLATFORM));
            int n = 0;
            for (Case c : cases) {
                producer.send(new ProducerRecord<>(TOPICS.commands().name(), null, c.key(), c.value(), c.headers())).get();
                Cmd probe = Cmd.user(T, "u1", n++ % 2 == 0 ? "deactivate" : "activate").by(Actors.PLATFORM);
                clients.send(probe);
                results.awaitCount(r -> r.path("commandId").asText().equals(probe.commandId()), 1, WAIT);
                String id = commandIdOf(c.value());
                if (c.code() != 0) {
                    List<JsonNode> answers = results.awaitCount(r -> r.path("commandId").asText().equals(id), 1, WAIT);
                    if (answers.size() != 1 || answers.get(0).path("code").asInt() != c.code()) {
                        failures.put(c.name(), "answers " + answers);
                    }
                }
                if (c.deadLetter() != null) {
                    ConsumerRecord<String, byte[]> dead = awaitDeadLetter(dlq, c, taken);
                    if (dead == null) {
                        failures.put(c.name(), "no dead letter " + c.deadLetter());
                    } else if (dead.serializedKeySize() + dead.serializedValueSize() > 1_048_576) {
                        failures.put(c.name(), "dead letter larger than the producer's default limit");
                    }
                }
            }
            assertEquals(Map.of(), failures);
            assertTrue(worker.isAlive(), "still running");
        }
    }

    @Test
    void a_worker_that_cannot_send_exits_1_within_30_seconds_in_one_line() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-fatal");
        Path config = dir.resolve("fatal.properties");
        Files.writeString(config, "producer.max.request.size=200\n");
        String prefix = "fatal-" + System.nanoTime();
        try (WorkerProcess worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "1", "--replication-factor", "1", "--no-http",
                "--config", config.toString(), "--application-id", prefix, "--commands-topic", prefix + ".commands",
                "--results-topic", prefix + ".results", "--events-topic", prefix + ".events", "--current-topic",
                prefix + ".current", "--dlq-topic", prefix + ".dlq", "--rerouted-topic", prefix + ".rerouted").awaitReady();
                Clients clients = new Clients(broker.bootstrapServers())) {
            Cmd cmd = Cmd.tenant("acme", "register");
            clients.send(TOPICS.commands().named(prefix + ".commands"), cmd.tenantId(), cmd.bytes());
            Instant sent = Instant.now();
            Optional<Integer> exit = worker.awaitExit(Duration.ofSeconds(30));
            assertTrue(exit.isPresent(), "exits within 30 s:\n" + worker.output());
            assertEquals(1, exit.get(), worker.output());
            long lines = worker.output().lines().filter(l -> l.startsWith("statusflow: stopped after a fatal error: ")).count();
            assertEquals(1, lines, worker.output());
            assertTrue(Duration.between(sent, Instant.now()).toSeconds() <= 30);
        }
    }

    private static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        byte[] t = bytes(T);
        cases.add(new Case("value at the broker's limit", t, pad(Cmd.tenant(T, "deactivate"), 1_048_400), null, 0,
                "statusflow.oversized"));
        Cmd underLongKey = Cmd.tenant(T, "deactivate");
        cases.add(new Case("600 kB key", new byte[600_000], underLongKey.bytes(), null, 400, "statusflow.key-too-long"));
        cases.add(new Case("key just over the bound", bytes("k".repeat(129)), Cmd.tenant(T, "deactivate").bytes(), null, 400,
                "statusflow.key-too-long"));
        String atBound = "k".repeat(128);
        cases.add(new Case("key at the bound", bytes(atBound), Cmd.tenant(atBound, "register").bytes(), null, 200, null));
        cases.add(new Case("value at max-command-bytes", t, pad(Cmd.user(T, "u1", "activate").by(Actors.PLATFORM), 65_536),
                null, 200, null));
        cases.add(new Case("value just over max-command-bytes", t, pad(Cmd.user(T, "u1", "activate").by(Actors.PLATFORM),
                65_537), null, 0, "statusflow.oversized"));
        RecordHeaders big = new RecordHeaders();
        big.add("trace", new byte[16 * 1024 + 1]);
        cases.add(new Case("headers just over the bound", t, Cmd.tenant(T, "deactivate").bytes(), big, 400,
                "statusflow.headers-too-large"));
        for (String date : List.of("+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z")) {
            cases.add(new Case("validUntil " + date, t, Cmd.tenant(T, "extend-subscription").validUntil(date).by(Actors.PLATFORM)
                    .bytes(), null, 400, null));
            cases.add(new Case("issuedAt " + date, t, Cmd.tenant(T, "deactivate").set("issuedAt", date).bytes(), null, 400, null));
        }
        cases.add(new Case("validUntil at the end of 9999", t, Cmd.tenant(T, "extend-subscription")
                .validUntil("9999-12-31T23:59:59Z").by(Actors.PLATFORM).bytes(), null, 200, null));
        for (String id : List.of(".", "..", "a\u0000", "a/b", "x".repeat(129))) {
            cases.add(new Case("target.id " + id.length(), t, Cmd.user(T, "u9", "register").by(Actors.PLATFORM)
                    .set("target", JsonNodeFactory.instance.objectNode().put("type", "user").put("id", id)).bytes(), null, 400, null));
        }
        cases.add(new Case("target.id at the bound", t, Cmd.user(T, "u".repeat(128), "register").by(Actors.PLATFORM).bytes(),
                null, 200, null));
        List<String> roles = new ArrayList<>(Collections.nCopies(63, "r".repeat(128)));
        roles.add("platform-admin");
        cases.add(new Case("every field at its bound", bytes(atBound), Cmd.user(atBound, "u".repeat(128), "register")
                .id("d".repeat(128)).status("suspended").reason("r".repeat(1024)).identifier("i".repeat(128))
                .by(new Actors.Actor("a".repeat(128), "service", roles)).bytes(), null, 200, null));
        cases.add(new Case("reason at the bound", t, Cmd.user(T, "u1", "suspend").reason("r".repeat(1024)).by(Actors.PLATFORM)
                .bytes(), null, 200, null));
        cases.add(new Case("reason just over", t, Cmd.user(T, "u1", "suspend").reason("r".repeat(1025)).by(Actors.PLATFORM)
                .bytes(), null, 400, null));
        cases.add(new Case("65 roles", t, Cmd.user(T, "u1", "activate").by(new Actors.Actor("p", "service",
                Collections.nCopies(65, "platform-admin"))).bytes(), null, 400, null));
        cases.add(new Case("commandId at the bound", t, Cmd.user(T, "u1", "activate").id("c".repeat(128)).by(Actors.PLATFORM)
                .bytes(), null, 200, null));
        cases.add(new Case("commandId just over", t, Cmd.user(T, "u1", "activate").id("c".repeat(129)).by(Actors.PLATFORM)
                .bytes(), null, 0, "statusflow.no-command-id"));
        cases.add(new Case("no key, not JSON", null, bytes("{\"commandId\": "), null, 0, "statusflow.not-json"));
        return cases;
    }

    /** The command with an unknown field that makes its JSON exactly {@code size} bytes. */
    private static byte[] pad(Cmd cmd, int size) {
        int base = cmd.set("pad", "").bytes().length;
        byte[] value = cmd.set("pad", "p".repeat(size - base)).bytes();
        assertEquals(size, value.length);
        return value;
    }

    private static String commandIdOf(byte[] value) {
        try {
            return io.statusflow.topology.TopologyDriver.parse(value).path("commandId").asText();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The first dead letter with the case's error that no earlier case took. */
    private static ConsumerRecord<String, byte[]> awaitDeadLetter(Clients.Reader dlq, Case c, Set<String> taken) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> r : dlq.raw()) {
                Header why = r.headers().lastHeader("__streams.errors.exception");
                if (why != null && c.deadLetter().equals(new String(why.value(), StandardCharsets.UTF_8))
                        && taken.add(r.partition() + "@" + r.offset())) {
                    return r;
                }
            }
            dlq.poll(Duration.ofMillis(200));
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
