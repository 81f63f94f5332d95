package io.statusflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;

/**
 * One command to every partition of a run's input, from a registered tenant of that partition,
 * and the wait for all of their results: a partition answers only when its stores are restored
 * and a live instance owns it.
 */
final class Probes {

    private final Benchmark.Bench bench;
    private final Mix mix;
    private final List<String> tenants;

    Probes(Benchmark.Bench bench, int registeredTenants) {
        this.bench = bench;
        this.mix = new Mix(registeredTenants, 1, bench.seed() + 7);
        this.tenants = onePerPartition(registeredTenants, bench.kafka().partitions());
    }

    /** Sends the probes and returns once every one has its result, failing when {@code alive} finds the worker dead. */
    void answered(Workers.Run run, Duration timeout, Kafka.WorkerProbe alive) throws Exception {
        Kafka kafka = bench.kafka();
        try (KafkaConsumer<byte[], byte[]> results = kafka.reader(run.results())) {
            results.seekToEnd(results.assignment());
            results.assignment().forEach(results::position);
            Set<String> waiting = new HashSet<>();
            try (KafkaProducer<String, byte[]> p = kafka.promptProducer()) {
                for (String tenant : tenants) {
                    String id = mix.nextId();
                    waiting.add(id);
                    kafka.sender(p, run.input()).accept(tenant,
                            mix.commandWithId(id, tenant, "user", "admin", "activate", Mix.SERVICE_ACTOR));
                }
            }
            kafka.checkDelivered();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!waiting.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(20))) {
                    waiting.remove(Latencies.commandId(r.value()));
                }
                alive.check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(run.name() + ": " + waiting.size() + " partitions did not answer within " + timeout);
                }
            }
        }
    }

    /** A registered tenant for each partition, found with the producer's own key hash. */
    private static List<String> onePerPartition(int tenants, int partitions) {
        String[] found = new String[partitions];
        for (int t = 0; t < tenants; t++) {
            String tenant = Mix.tenant(t);
            int p = Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (found[p] == null) {
                found[p] = tenant;
            }
        }
        return Arrays.stream(found).filter(Objects::nonNull).toList();
    }
}
