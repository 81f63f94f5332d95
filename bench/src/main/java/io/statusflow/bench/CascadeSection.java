package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Section 6: a tenant with a million members is deactivated; timed from sending the command until
 * the last member's tenant-cascade event is readable. Meanwhile another tenant sends 50 commands
 * a second, whose command-to-result latency shows what the cascade costs everyone else.
 */
final class CascadeSection {

    static final long MEMBERS = 1_000_000;
    static final int PROBES_PER_SECOND = 50;
    static final String TENANT = "big";
    static final String OTHER = "other";

    private final Benchmark.Bench bench;

    CascadeSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Kafka kafka = bench.kafka();
        Workers.Run run = new Workers.Run("cascade", "cascade.commands");
        kafka.create(List.of(run.input()));
        long members = bench.scaled(MEMBERS);
        Mix mix = new Mix(1, members, bench.seed());
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            var send = kafka.sender(p, run.input());
            send.accept(TENANT, mix.tenantCommand(TENANT, "register"));
            send.accept(OTHER, mix.tenantCommand(OTHER, "register"));
            send.accept(OTHER, mix.activeUser(OTHER, "p"));
            for (long i = 0; i < members; i++) {
                send.accept(TENANT, mix.activeUser(TENANT, "u" + i));
            }
        }
        kafka.checkDelivered();
        Latencies other = new Latencies();
        double seconds;
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 100);
                KafkaConsumer<byte[], byte[]> events = kafka.reader(run.events())) {
            kafka.await(run.results(), new long[] {members + 3}, Duration.ofHours(1), Workers.alive(w));
            events.seekToEnd(events.assignment());
            events.assignment().forEach(events::position);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread probes = new Thread(() -> probe(mix, run.input(), sentAt, running), "other-tenant");
            Thread answers = new Thread(() -> answers(run.results(), sentAt, other, running), "other-results");
            answers.start();
            probes.start();
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> p = kafka.promptProducer()) {
                kafka.sender(p, run.input()).accept(TENANT,
                        mix.tenantCommand(TENANT, "deactivate"));
            }
            byte[] prefix = (TENANT + "/").getBytes(StandardCharsets.UTF_8);
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (seen < members + 1) {
                for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(20))) {
                    if (startsWith(r.key(), prefix)) {
                        seen++;
                    }
                }
                Workers.alive(w).check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cascade: " + seen + " of " + (members + 1) + " events within an hour");
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            probes.join();
            answers.join();
            w.terminate();
        }
        bench.table().add("cascade", String.format("tenant deactivation to the last of %,d members' events", members),
                String.format("%.1f s (%,.0f members/s)", seconds, members / seconds), "");
        bench.table().add("cascade", "  another tenant's commands meanwhile, command to result", other.summary(), "");
        bench.workers().discard(run);
    }

    private void probe(Mix mix, String topic, Map<String, Long> sentAt, AtomicBoolean running) {
        try (KafkaProducer<String, byte[]> p = bench.kafka().promptProducer()) {
            long next = System.nanoTime();
            for (int i = 0; running.get(); i++) {
                String id = mix.nextId();
                byte[] value = mix.commandWithId(id, OTHER, "user", "p", i % 2 == 0 ? "deactivate" : "activate", Mix.SERVICE_ACTOR);
                sentAt.put(id, System.nanoTime());
                p.send(new ProducerRecord<>(topic, OTHER, value));
                next += 1_000_000_000L / PROBES_PER_SECOND;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answers(String topic, Map<String, Long> sentAt, Latencies into, AtomicBoolean running) {
        try (KafkaConsumer<byte[], byte[]> results = bench.kafka().reader(topic)) {
            results.seekToEnd(results.assignment());
            results.assignment().forEach(results::position);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(20))) {
                    Long sent = sentAt.remove(Latencies.commandId(r.value()));
                    if (sent != null) {
                        into.add(System.nanoTime() - sent);
                    }
                }
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key == null || key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
