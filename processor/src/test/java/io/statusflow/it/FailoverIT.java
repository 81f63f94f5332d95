package io.statusflow.it;

import io.statusflow.testkit.Crc32Partitioner;
import io.statusflow.testkit.WorkerProcess;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Two instances, each with a standby of the other's tasks. While commands flow, the first is
 * killed (SIGKILL: no commit, no close, no leaving the group); the second takes over its tasks
 * when its session expires. Every command must get exactly one result, and every entity's events
 * must count 1, 2, 3 ... with no gap and no repeat: one per command that changed it. Half the
 * tenants are sent by a producer with librdkafka's partitioner, which puts them on the partition
 * that does not own them: their commands are rerouted, and the kill comes while some are in flight.
 */
class FailoverIT extends OwnBroker {

    private static final int TENANTS = 4;
    private static final int USERS_PER_TENANT = 50;
    private static final int TOGGLES = 8_000;
    private static final int PER_SECOND = 1_000;

    @Test
    void a_standby_takes_over_from_a_killed_instance_with_one_result_per_command_and_no_gap_in_versions() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-failover");
        Path config = dir.resolve("failover.properties");
        // The broker's shortest session (6 s) keeps the wait for the kill to be noticed short. With no recovery lag
        // acceptable, the second instance, which starts behind, gets only standbys: the first keeps every active task, so
        // the kill takes away every partition with its traffic.
        Files.writeString(config, "num.standby.replicas=1\nacceptable.recovery.lag=0\nconsumer.session.timeout.ms=6000\n"
                + "consumer.heartbeat.interval.ms=1000\n");
        Map<String, Integer> resultsPerCommand = new HashMap<>();
        Map<String, List<Long>> versions = new HashMap<>();
        Map<String, Integer> changesSent = new HashMap<>();
        List<String> sent = new ArrayList<>();
        int answeredAtKill;
        try (WorkerProcess first = WorkerProcess.start(dir, args(dir.resolve("first"), config)).awaitReady();
                KafkaConsumer<String, String> results = committedReader(TOPICS.results());
                KafkaConsumer<String, String> events = committedReader(TOPICS.events())) {
            List<Cmd> registers = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                registers.add(Cmd.tenant(tenant(t), "register").by(Actors.PLATFORM));
                changesSent.merge(tenant(t) + "/tenant/" + tenant(t), 1, Integer::sum);
                for (int u = 0; u < USERS_PER_TENANT; u++) {
                    registers.add(Cmd.user(tenant(t), "u" + u, "register").status("active").by(Actors.PLATFORM));
                    changesSent.merge(tenant(t) + "/user/u" + u, 1, Integer::sum);
                }
            }
            send(registers, sent, Integer.MAX_VALUE);
            try (WorkerProcess second = WorkerProcess.start(dir, args(dir.resolve("second"), config)).awaitReady()) {
                // Each toggle flips a user, so each is applied and makes one event.
                List<Cmd> toggles = new ArrayList<>();
                boolean[] inactive = new boolean[TENANTS * USERS_PER_TENANT];
                for (int i = 0; i < TOGGLES; i++) {
                    int user = (int) ((i * 2_654_435_761L) % inactive.length);
                    String t = tenant(user / USERS_PER_TENANT);
                    String id = "u" + (user % USERS_PER_TENANT);
                    toggles.add(Cmd.user(t, id, inactive[user] ? "activate" : "deactivate").by(Actors.PLATFORM));
                    inactive[user] = !inactive[user];
                    changesSent.merge(t + "/user/" + id, 1, Integer::sum);
                }
                List<String> toggled = new ArrayList<>();
                CompletableFuture<Void> load = CompletableFuture.runAsync(() -> send(toggles, toggled, PER_SECOND));
                int target = registers.size() + TOGGLES / 4;
                read(results, resultsPerCommand, events, versions, () -> resultsPerCommand.size() >= target, Duration.ofMinutes(2));
                first.kill();
                answeredAtKill = resultsPerCommand.size();
                assertTrue(first.output().contains("partitioner=murmur2_random"), "the crc32 tenants' commands were rerouted");
                load.get(2, TimeUnit.MINUTES);
                sent.addAll(toggled);
                read(results, resultsPerCommand, events, versions, () -> resultsPerCommand.size() >= sent.size(), Duration.ofMinutes(3));
                // Anything doubled would come after the last result: read on for a few seconds more.
                Instant settle = Instant.now().plusSeconds(3);
                read(results, resultsPerCommand, events, versions, () -> Instant.now().isAfter(settle), Duration.ofSeconds(10));
                second.terminate();
            }
        }
        assertTrue(answeredAtKill < sent.size(), "the kill came while commands were still being answered: " + answeredAtKill);
        assertEquals(sent.size(), resultsPerCommand.size(), "a result for every command");
        long doubled = resultsPerCommand.values().stream().filter(n -> n != 1).count();
        assertEquals(0, doubled, "commands with more than one result");
        assertEquals(changesSent.keySet(), versions.keySet(), "the entities with events");
        List<String> wrong = new ArrayList<>();
        versions.forEach((key, seen) -> {
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= changesSent.get(key); v++) {
                expected.add(v);
            }
            if (!seen.equals(expected)) {
                wrong.add(key + " " + seen);
            }
        });
        assertEquals(List.of(), wrong, "entities whose versions are not 1, 2, 3 ... one per change");
    }

    /**
     * Tenants alternate between the two owning partitions (by Java's partitioner), so that both carry
     * traffic; the first half are placed on the other partition by crc32, so that they are rerouted.
     */
    private static String tenant(int t) {
        int seen = 0;
        for (int n = 0;; n++) {
            String name = "fo" + n;
            byte[] key = name.getBytes(StandardCharsets.UTF_8);
            int partition = Utils.toPositive(Utils.murmur2(key)) % 2;
            boolean crossed = Crc32Partitioner.partition(key, 2) != partition;
            if (partition == t % 2 && (!viaCrc32(t) || crossed) && seen++ == t / 2) {
                return name;
            }
        }
    }

    private static boolean viaCrc32(int t) {
        return t < TENANTS / 2;
    }

    private static String[] args(Path state, Path config) {
        return new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--state-dir", state.toString(), "--config",
            config.toString(), "--partitions", "2", "--replication-factor", "1", "--no-http"};
    }

    /**
     * Sends the commands in order, at most {@code perSecond} a second, and records their ids; a
     * tenant's commands all go through one producer, so their order is that producer's.
     */
    private static void send(List<Cmd> commands, List<String> ids, int perSecond) {
        java.util.Set<String> crc32Tenants = new java.util.HashSet<>();
        for (int t = 0; t < TENANTS; t++) {
            if (viaCrc32(t)) {
                crc32Tenants.add(tenant(t));
            }
        }
        try (KafkaProducer<String, byte[]> java = producer("5");
                KafkaProducer<String, byte[]> crc32 = producer("5",
                        Map.of(org.apache.kafka.clients.producer.ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName()))) {
            long start = System.nanoTime();
            for (int i = 0; i < commands.size(); i++) {
                Cmd c = commands.get(i);
                KafkaProducer<String, byte[]> p = crc32Tenants.contains(c.tenantId()) ? crc32 : java;
                p.send(new ProducerRecord<>(TOPICS.commands().name(), c.tenantId(), c.bytes()));
                ids.add(c.commandId());
                long due = start + (long) (i * 1e9 / perSecond);
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) {
                    // Pacing the load, not waiting for an outcome.
                    LockSupport.parkNanos(ahead);
                }
            }
            java.flush();
            crc32.flush();
        }
    }

    private static void read(KafkaConsumer<String, String> results, Map<String, Integer> perCommand,
            KafkaConsumer<String, String> events, Map<String, List<Long>> versions, BooleanSupplier done, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " with " + perCommand.size() + " results");
            }
            for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(100))) {
                perCommand.merge(r.key(), 1, Integer::sum);
            }
            for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(10))) {
                versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Json.MAPPER.readTree(r.value()).get("version").asLong());
            }
        }
    }
}
