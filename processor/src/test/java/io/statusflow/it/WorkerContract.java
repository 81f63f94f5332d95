package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The jar's main entry end to end against a real broker: a plain producer in, read_committed
 * consumers out. Subclasses say which broker.
 */
abstract class WorkerContract {

    static final Duration WAIT = Duration.ofSeconds(60);

    private static WorkerProcess worker;
    private static String[] workerArgs;
    private static Path workDir;

    /** Starts the jar against the broker; called once per subclass. */
    static void startWorker(String bootstrap) throws Exception {
        workDir = Files.createTempDirectory("statusflow-it");
        workerArgs = new String[] {"--bootstrap-servers", bootstrap, "--state-dir", workDir.resolve("state").toString(),
            "--partitions", "3", "--replication-factor", "1", "--application-id", "statusflow-it", "--no-http"};
        worker = WorkerProcess.start(workDir, workerArgs).awaitReady();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            worker.terminate();
        }
    }

    abstract String bootstrap();

    @Test
    void trusted_mode_on_a_cluster_warns_once_that_any_writer_of_commands_acts_as_any_actor() {
        List<String> warnings = worker.output().lines().filter(l -> l.contains("--command-auth trusted")).toList();
        assertEquals(1, warnings.size(), worker.output());
        assertTrue(warnings.get(0).contains("[WARN]") && warnings.get(0).contains("acts as any actor"), warnings.get(0));
    }

    @Test
    void a_command_gets_its_result_and_its_events_on_the_topics() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        try (Clients clients = new Clients(bootstrap());
                Clients.Reader results = clients.reader(TOPICS.results());
                Clients.Reader events = clients.reader(TOPICS.events());
                Clients.Reader current = clients.reader(TOPICS.current())) {
            Cmd register = Cmd.tenant(tenant, "register");
            Cmd user = Cmd.user(tenant, "42", "register").status("active").by(Actors.PLATFORM);
            Cmd off = Cmd.user(tenant, "42", "deactivate").reason("left").by(Actors.SERVICE_ADMIN);
            clients.send(register);
            clients.send(user);
            clients.send(off);

            JsonNode result = results.awaitCount(r -> r.path("commandId").asText().equals(off.commandId()), 1, WAIT).get(0);
            assertEquals("applied", result.path("outcome").asText());
            assertEquals("inactive", result.path("entity").path("status").asText());

            List<JsonNode> userEvents = events.awaitCount(e -> e.path("entityKey").asText().equals(tenant + "/user/42"), 2, WAIT);
            assertEquals(1, userEvents.get(0).path("version").asLong());
            assertEquals(2, userEvents.get(1).path("version").asLong());
            assertEquals("none", userEvents.get(1).path("current").path("access").asText());
            assertEquals(off.commandId(), userEvents.get(1).path("commandId").asText());

            List<JsonNode> snapshots = current.awaitCount(s -> s.path("entityKey").asText().equals(tenant + "/user/42"), 2, WAIT);
            assertEquals("inactive", snapshots.get(1).path("status").asText());
            assertEquals(2, events.settle(e -> e.path("entityKey").asText().equals(tenant + "/user/42"), Duration.ofSeconds(1)).size());
        }
    }

    @Test
    void garbage_lands_in_the_dead_letter_topic_while_the_next_command_is_processed() {
        String tenant = "g-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] garbage = ("{not json " + tenant).getBytes(StandardCharsets.UTF_8);
        try (Clients clients = new Clients(bootstrap());
                Clients.Reader dlq = clients.reader(TOPICS.deadLetters());
                Clients.Reader results = clients.reader(TOPICS.results())) {
            clients.send(TOPICS.commands(), tenant, garbage);
            Cmd good = Cmd.tenant(tenant, "register");
            clients.send(good);

            JsonNode result = results.awaitCount(r -> r.path("commandId").asText().equals(good.commandId()), 1, WAIT).get(0);
            assertEquals("applied", result.path("outcome").asText());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (dlq.raw().stream().noneMatch(r -> tenant.equals(r.key())) && System.nanoTime() < deadline) {
                dlq.poll(Duration.ofMillis(200));
            }
            ConsumerRecord<String, byte[]> dead = dlq.raw().stream().filter(r -> tenant.equals(r.key())).findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter for " + tenant));
            assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals("statusflow.not-json",
                    new String(dead.headers().lastHeader("__streams.errors.exception").value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void every_output_of_a_tenant_is_in_the_partition_of_its_commands() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> partitionOf = new HashMap<>();
        List<Cmd> last = new ArrayList<>();
        try (Clients clients = new Clients(bootstrap());
                Clients.Reader results = clients.reader(TOPICS.results());
                Clients.Reader events = clients.reader(TOPICS.events());
                Clients.Reader current = clients.reader(TOPICS.current());
                Clients.Reader dlq = clients.reader(TOPICS.deadLetters())) {
            for (int i = 0; i < 9; i++) {
                String tenant = "p" + i + "-" + run;
                partitionOf.put(tenant, clients.send(Cmd.tenant(tenant, "register")));
                clients.send(Cmd.user(tenant, "7", "register").status("active").by(Actors.PLATFORM));
                clients.send(TOPICS.commands(), tenant, ("{garbage " + tenant).getBytes(StandardCharsets.UTF_8));
                Cmd off = Cmd.user(tenant, "7", "deactivate").reason("left").by(Actors.SERVICE_ADMIN);
                clients.send(off);
                last.add(off);
            }
            assertTrue(new HashSet<>(partitionOf.values()).size() > 1, "the tenants spread over partitions");
            for (Cmd off : last) {
                results.awaitCount(r -> r.path("commandId").asText().equals(off.commandId()), 1, WAIT);
            }
            events.awaitCount(e -> partitionOf.containsKey(e.path("tenantId").asText()), 27, WAIT);
            current.awaitCount(c -> partitionOf.containsKey(c.path("tenantId").asText()), 27, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (dlq.raw().stream().filter(r -> partitionOf.containsKey(r.key())).count() < 9
                    && System.nanoTime() < deadline) {
                dlq.poll(Duration.ofMillis(200));
            }

            int checked = 0;
            for (Clients.Reader reader : List.of(results, events, current)) {
                for (ConsumerRecord<String, byte[]> r : reader.raw()) {
                    JsonNode n = r.value() == null ? null : io.statusflow.topology.TopologyDriver.parse(r.value());
                    String tenant = n == null ? null : n.path("tenantId").asText();
                    if (partitionOf.containsKey(tenant)) {
                        assertEquals(partitionOf.get(tenant), r.partition(), r.topic() + " " + r.key());
                        checked++;
                    }
                }
            }
            for (ConsumerRecord<String, byte[]> r : dlq.raw()) {
                if (partitionOf.containsKey(r.key())) {
                    assertEquals(partitionOf.get(r.key()), r.partition(), "dead letter " + r.key());
                    checked++;
                }
            }
            assertEquals(27 + 27 + 27 + 9, checked, "results, events, snapshots and dead letters of the nine tenants");
        }
    }

    @Test
    void changelogs_are_compacted_in_small_segments_so_a_restore_reads_little_history() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap()))) {
            for (String store : List.of("entities", "command-ids", "rates")) {
                var topic = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "statusflow-it-" + store + "-changelog");
                var config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertEquals("compact", config.get("cleanup.policy").value(), store);
                assertEquals(Integer.toString(64 << 20), config.get("segment.bytes").value(), store);
            }
            var current = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, TOPICS.current().name());
            var config = admin.describeConfigs(List.of(current)).all().get().get(current);
            assertEquals("compact", config.get("cleanup.policy").value());
            assertEquals(Long.toString(java.time.Duration.ofDays(7).toMillis()), config.get("delete.retention.ms").value(),
                    "tombstones outlive a sink that is down for a while");
        }
    }

    @Test
    void a_restart_keeps_state_and_answers_a_resent_command_as_a_duplicate() throws Exception {
        String tenant = "r-" + UUID.randomUUID().toString().substring(0, 8);
        try (Clients clients = new Clients(bootstrap());
                Clients.Reader results = clients.reader(TOPICS.results());
                Clients.Reader events = clients.reader(TOPICS.events())) {
            Cmd register = Cmd.tenant(tenant, "register");
            Cmd off = Cmd.tenant(tenant, "deactivate");
            clients.send(register);
            clients.send(off);
            results.awaitCount(r -> r.path("commandId").asText().equals(off.commandId()), 1, WAIT);

            int exit;
            try {
                exit = worker.terminate();
            } finally {
                worker = WorkerProcess.start(workDir, workerArgs).awaitReady();
            }
            assertEquals(0, exit, "a clean stop on SIGTERM exits 0");

            clients.send(off);
            Cmd on = Cmd.tenant(tenant, "activate");
            clients.send(on);
            List<JsonNode> answers = results.awaitCount(r -> r.path("commandId").asText().equals(off.commandId()), 2, WAIT);
            assertEquals(false, answers.get(0).path("duplicate").asBoolean());
            assertEquals(true, answers.get(1).path("duplicate").asBoolean());
            assertEquals(answers.get(0).path("entity"), answers.get(1).path("entity"));

            JsonNode reactivated = results.awaitCount(r -> r.path("commandId").asText().equals(on.commandId()), 1, WAIT).get(0);
            assertEquals(3, reactivated.path("entity").path("version").asLong(), "state survived the restart");
            List<JsonNode> tenantEvents = events.settle(e -> e.path("tenantId").asText().equals(tenant), Duration.ofSeconds(1));
            assertEquals(List.of(1L, 2L, 3L), tenantEvents.stream().map(e -> e.path("version").asLong()).toList(),
                    "one event per change, none for the duplicate");
            assertTrue(tenantEvents.stream().noneMatch(e -> e.path("commandId").asText().equals(off.commandId())
                    && e.path("version").asLong() != 2));
        }
    }
}
