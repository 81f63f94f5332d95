package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kills the worker (SIGKILL: no clean close) in the middle of a cascade over 100,000 members, then
 * restarts it: every member must get exactly one cascade event, none lost, none doubled.
 */
class CascadeCrashIT extends OwnBroker {

    private static final int MEMBERS = 100_000;
    private static final String TENANT = "big";
    @Test
    void a_worker_killed_mid_cascade_resumes_with_exactly_one_event_per_member() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-crash");
        String[] args = {"--bootstrap-servers", broker.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
            "--partitions", "2", "--replication-factor", "1", "--cascade-chunk", "500", "--no-http"};
        Map<String, Integer> eventsPerKey = new HashMap<>();
        try (KafkaConsumer<String, String> events = committedReader(TOPICS.events())) {
            WorkerProcess first = WorkerProcess.start(dir, args).awaitReady();
            try {
                produce(Cmd.tenant(TENANT, "register"));
                try (KafkaProducer<String, byte[]> p = producer("20")) {
                    for (int i = 0; i < MEMBERS; i++) {
                        Cmd c = Cmd.user(TENANT, "u" + i, "register").status("active").by(Actors.PLATFORM);
                        p.send(new ProducerRecord<>(TOPICS.commands().name(), TENANT, c.bytes()));
                    }
                }
                readUntil(events, eventsPerKey, () -> total(eventsPerKey) >= MEMBERS + 1, Duration.ofMinutes(3));
                produce(Cmd.tenant(TENANT, "deactivate"));
                readUntil(events, eventsPerKey, () -> total(eventsPerKey) >= MEMBERS + 2 + 5_000, Duration.ofMinutes(2));
            } finally {
                first.kill();
            }
            int beforeRestart = total(eventsPerKey) - MEMBERS - 2;
            assertTrue(beforeRestart < MEMBERS, "the kill came in the middle of the cascade: " + beforeRestart);

            try (WorkerProcess second = WorkerProcess.start(dir, args).awaitReady()) {
                readUntil(events, eventsPerKey, () -> total(eventsPerKey) >= 2 * MEMBERS + 2, Duration.ofMinutes(3));
                Instant settle = Instant.now().plusSeconds(3);
                readUntil(events, eventsPerKey, () -> Instant.now().isAfter(settle), Duration.ofSeconds(10));
                second.terminate();
            }
        }
        assertEquals(2, eventsPerKey.get(TENANT + "/tenant/" + TENANT), "tenant: registered, deactivated");
        long wrong = eventsPerKey.entrySet().stream().filter(e -> e.getKey().contains("/user/") && e.getValue() != 2).count();
        assertEquals(0, wrong, "members without exactly one registration and one cascade event");
        assertEquals(MEMBERS + 1, eventsPerKey.size());
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void readUntil(KafkaConsumer<String, String> consumer, Map<String, Integer> counts,
            java.util.function.BooleanSupplier done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " with " + total(counts) + " events");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key().startsWith(TENANT + "/")) {
                    counts.merge(r.key(), 1, Integer::sum);
                }
            }
        }
    }

    private static void produce(Cmd cmd) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer("20")) {
            p.send(new ProducerRecord<>(TOPICS.commands().name(), cmd.tenantId(), cmd.bytes())).get();
        }
    }
}
