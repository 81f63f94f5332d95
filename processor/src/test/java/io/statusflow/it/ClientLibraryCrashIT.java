package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statusflow.client.Access;
import io.statusflow.client.AccessView;
import io.statusflow.client.StatusCommand;
import io.statusflow.client.StatusCommands;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The client library where it is hardest: the worker killed (SIGKILL) while commands are in flight,
 * and a view compared with the compacted topic after a random mix of commands. Set
 * -Dstatusflow.seed=N to replay a mix.
 */
class ClientLibraryCrashIT extends OwnBroker {

    private static final StatusCommand.Actor PLATFORM = StatusCommand.Actor.service("provisioner", "platform-admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    @Test
    void a_worker_killed_with_commands_in_flight_answers_each_once_and_the_view_sees_only_committed_state() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-client-crash");
        String[] args = {"--bootstrap-servers", broker.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
            "--partitions", "2", "--replication-factor", "1", "--no-http"};
        WorkerProcess first = WorkerProcess.start(dir, args).awaitReady();
        List<AccessView.Change> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        try (StatusCommands commands = StatusCommands.builder(props()).actor(PLATFORM).timeout(Duration.ofMinutes(2))
                        .maxInFlight(5_000).build();
                AccessView view = AccessView.builder(props()).listener(heard::add).build()) {
            for (String t : List.of("k1", "k2")) {
                commands.submit(StatusCommand.registerTenant(t)).get(60, TimeUnit.SECONDS);
            }
            List<StatusCommand> sent = new ArrayList<>();
            List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                StatusCommand c = StatusCommand.register(i % 2 == 0 ? "k1" : "k2", EntityType.user, "u" + i).withStatus(Status.active);
                sent.add(c);
                answers.add(commands.submit(c));
                if (i == 1_000) {
                    first.kill();
                }
            }
            try (WorkerProcess second = WorkerProcess.start(dir, args).awaitReady()) {
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
                for (int i = 0; i < sent.size(); i++) {
                    CommandResult r = answers.get(i).get();
                    assertEquals(sent.get(i).commandId(), r.getCommandId());
                    assertEquals(1, r.getEntity().getVersion(), "registered once: " + r);
                }
                assertTrue(view.awaitVersion("k2", EntityType.user, "u1999", 1, Duration.ofMinutes(1)));
                Map<String, Integer> results = new HashMap<>();
                Map<String, JsonNode> committed = new HashMap<>();
                readAll(Clients.TOPICS.results().name(), r -> results.merge(r.key(), 1, Integer::sum));
                readAll(Clients.TOPICS.current().name(), r -> committed.put(r.key(), r.value() == null ? null : tree(r.value())));
                for (StatusCommand c : sent) {
                    assertEquals(1, results.get(c.commandId()), "exactly one result for " + c.commandId());
                }
                for (AccessView.Change c : new ArrayList<>(heard)) {
                    JsonNode s = committed.get(c.tenantId() + "/" + c.type() + "/" + c.id());
                    assertTrue(s != null && s.path("version").asLong() >= c.version(), "a heard change is committed: " + c);
                }
                assertEquals(Access.FULL, view.access("k1", EntityType.user, "u0").access());
                second.terminate();
            }
        } finally {
            first.kill();
        }
    }

    @Test
    void after_a_random_mix_the_view_equals_the_compacted_topic() throws Exception {
        long seed = Long.getLong("statusflow.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory("statusflow-client-mix");
        // Topics of its own: the other test's worker must not read this one's commands.
        try (WorkerProcess worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "2", "--replication-factor", "1", "--no-http",
                "--application-id", "mix", "--commands-topic", "mix.commands", "--results-topic", "mix.results",
                "--events-topic", "mix.events", "--current-topic", "mix.current", "--dlq-topic", "mix.dlq",
                "--rerouted-topic", "mix.rerouted").awaitReady();
                StatusCommands commands = StatusCommands.builder(props()).actor(PLATFORM).commandsTopic("mix.commands")
                        .resultsTopic("mix.results").build();
                AccessView view = AccessView.builder(props()).topic("mix.current").build()) {
            List<String> tenants = List.of("m1", "m2", "m3");
            for (String t : tenants) {
                commands.submit(StatusCommand.registerTenant(t)).get(60, TimeUnit.SECONDS);
            }
            List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String t = tenants.get(random.nextInt(tenants.size()));
                EntityType type = random.nextBoolean() ? EntityType.user : EntityType.client;
                String id = "e" + random.nextInt(40);
                StatusCommand c = switch (random.nextInt(9)) {
                    case 0, 1 -> StatusCommand.register(t, type, id).withStatus(Status.active);
                    case 2 -> StatusCommand.activate(t, type, id);
                    case 3 -> StatusCommand.deactivate(t, type, id);
                    case 4 -> StatusCommand.suspend(t, type, id, "mix");
                    case 5 -> StatusCommand.setStatus(t, type, id, Status.risky);
                    case 6 -> StatusCommand.delete(t, type, id);
                    case 7 -> random.nextBoolean() ? StatusCommand.deactivateTenant(t) : StatusCommand.activateTenant(t);
                    default -> StatusCommand.markPendingDelete(t, type, id);
                };
                answers.add(commands.submit(c));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
            assertTrue(view.awaitCaughtUp(Duration.ofSeconds(60)), "seed " + seed);
            Map<String, JsonNode> committed = new HashMap<>();
            readAll("mix.current", r -> committed.put(r.key(), r.value() == null ? null : tree(r.value())));
            for (Map.Entry<String, JsonNode> e : committed.entrySet()) {
                String[] k = e.getKey().split("/");
                EntityType type = EntityType.valueOf(k[1]);
                if (e.getValue() == null) {
                    assertEquals(Access.NONE, view.access(k[0], type, k[2]).access(), "deleted, seed " + seed);
                    continue;
                }
                assertTrue(view.awaitVersion(k[0], type, k[2], e.getValue().path("version").asLong(), Duration.ofSeconds(30)),
                        e.getKey() + ", seed " + seed);
                JsonNode tenant = committed.get(k[0] + "/tenant/" + k[0]);
                String expected = type != EntityType.tenant && tenant != null && tenant.path("access").asText().equals("none")
                        ? "NONE" : e.getValue().path("access").asText().toUpperCase(java.util.Locale.ROOT);
                assertEquals(expected, view.access(k[0], type, k[2]).access().name(), e.getKey() + ", seed " + seed);
            }
            assertTrue(committed.size() > 30, "the mix made entities: " + committed.size());
            worker.terminate();
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every committed record of a topic up to its end now, in order. */
    private static void readAll(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Properties p = props();
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
