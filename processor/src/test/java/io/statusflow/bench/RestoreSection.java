package io.statusflow.bench;

import io.statusflow.it.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;

/**
 * Section 5: the exactly-once run of the throughput section is started again three ways: a fresh
 * application with no state (the cost of starting at all), a clean restart on its state
 * directory, and a restart after the directory was wiped, which rebuilds every store from its
 * changelog. Each is timed from process start until a probe command sent to every partition has
 * its result, which needs that partition's stores restored.
 */
final class RestoreSection {

    private final Benchmark.Bench bench;

    RestoreSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run(ThroughputSection.Result throughput) throws Exception {
        Workers.Run kept = throughput.kept();
        Workers.Run empty = new Workers.Run("restore-empty", "restore-empty.commands");
        bench.kafka().create(List.of(empty.input()));
        int tenants = bench.scaled(ThroughputSection.TENANTS);
        double fresh = timeToAnswer(empty, tenants).seconds();
        double restart = timeToAnswer(kept, tenants).seconds();
        long stateBytes = ProcessStats.diskBytes(bench.workers().stateDir(kept));
        ProcessStats.delete(bench.workers().stateDir(kept));
        Start wiped = timeToAnswer(kept, tenants);
        double rebuilt = wiped.seconds();
        double restoring = rebuilt - fresh;
        bench.table().add("restore", "start with no state, to every partition answering", String.format("%.1f s", fresh), "");
        bench.table().add("restore", "clean restart on its state directory", String.format("%.1f s", restart), "");
        bench.table().add("restore", String.format("state wiped: rebuild %,d entities (%s of state) from changelogs",
                throughput.entities(), ProcessStats.mib(stateBytes)), String.format("%.1f s", rebuilt), "");
        bench.table().add("restore", "  restore rate, entities/s (rebuild less the start with no state)",
                restoring > 0.5 ? String.format("%,.0f", throughput.entities() / restoring) : "n/a (within start-up noise)",
                ">= 100,000");
        Matcher m = RESTORED.matcher(wiped.output());
        if (m.find()) {
            double inside = Double.parseDouble(m.group(3));
            bench.table().add("restore", String.format("  the worker's own restore log: %,d changelog records into %s store partitions in %.1f s",
                    Long.parseLong(m.group(1)), m.group(2), inside), "", "");
            if (m.group(4) != null) {
                bench.table().note("restore, records per store: " + m.group(4));
            }
            bench.table().add("restore", "  restore rate, entities/s (the worker's own restore time)",
                    inside > 0 ? String.format("%,.0f", throughput.entities() / inside) : "n/a", ">= 100,000");
        } else {
            bench.table().note("restore: the worker logged no restore line");
        }
        bench.workers().discard(kept, empty);
    }

    /** The worker's one line per restore (RestoreLog). */
    private static final Pattern RESTORED = Pattern.compile(
            "restored (\\d+) changelog records into (\\d+) store partitions in ([0-9.]+) s(?: \\(([^)]*)\\))?");

    /** How long a start took until every partition answered, and what the worker printed meanwhile. */
    private record Start(double seconds, String output) {}

    /** Seconds from starting the worker until every partition answered a probe. */
    private Start timeToAnswer(Workers.Run run, int tenants) throws Exception {
        Kafka kafka = bench.kafka();
        Mix mix = new Mix(tenants, 1, bench.seed() + 7);
        long start = System.nanoTime();
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 100);
                KafkaConsumer<byte[], byte[]> results = kafka.reader(run.results())) {
            results.seekToEnd(results.assignment());
            results.assignment().forEach(results::position);
            Set<String> waiting = new HashSet<>();
            try (KafkaProducer<String, byte[]> p = kafka.promptProducer()) {
                for (String tenant : onePerPartition(tenants)) {
                    String id = mix.nextId();
                    waiting.add(id);
                    kafka.sender(p, run.input()).accept(tenant,
                            mix.commandWithId(id, tenant, "user", "admin", "activate", Mix.SERVICE_ACTOR));
                }
            }
            kafka.checkDelivered();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (!waiting.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(20))) {
                    waiting.remove(Latencies.commandId(r.value()));
                }
                Workers.alive(w).check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(run.name() + ": no answer from every partition within 30 minutes");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String output = w.output();
            w.terminate();
            return new Start(seconds, output);
        }
    }

    /** A registered tenant for each partition, found with the producer's own key hash. */
    private List<String> onePerPartition(int tenants) {
        int partitions = bench.kafka().partitions();
        String[] found = new String[partitions];
        for (int t = 0; t < tenants; t++) {
            String tenant = Mix.tenant(t);
            int p = Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (found[p] == null) {
                found[p] = tenant;
            }
        }
        return java.util.Arrays.stream(found).filter(java.util.Objects::nonNull).toList();
    }
}
