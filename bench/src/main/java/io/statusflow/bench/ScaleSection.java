package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Section 4: ten million entities in the stores. Registers them (timing the first and the last
 * tenth), then runs the status mix on the full stores, and reads the worker's memory and disk:
 * heap (sampled while it runs, and after a full collection), resident memory and the state
 * directory. The worker runs with the default RocksDB budget and the benchmark's heap.
 */
final class ScaleSection {

    static final int TENANTS = 10_000;
    static final long ENTITIES = 10_000_000;
    static final long COMMANDS = 1_000_000;

    private final Benchmark.Bench bench;

    ScaleSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run(ThroughputSection.Result throughput) throws Exception {
        Kafka kafka = bench.kafka();
        Workers.Run run = new Workers.Run("scale", "scale.commands");
        kafka.create(List.of(run.input()));
        int tenants = bench.scaled(TENANTS);
        long entities = bench.scaled(ENTITIES);
        Mix mix = new Mix(tenants, entities, bench.seed());
        Mix.Counts counts;
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            long registers = mix.registers(kafka.sender(p, run.input()));
            counts = mix.statusPhase(bench.scaled(COMMANDS), registers, kafka.sender(p, run.input()));
        }
        kafka.checkDelivered();
        long r = counts.registers();
        long[] marks = {r / 10, r - r / 10, r, counts.results()};
        AtomicLong heapPeak = new AtomicLong();
        Kafka.Span span;
        long heapAfterGc;
        long rss;
        long rssPeak;
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 100)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get() && w.isAlive()) {
                    heapPeak.accumulateAndGet(ProcessStats.heapUsed(w.pid(), false), Math::max);
                    sleep(Duration.ofSeconds(10));
                }
            }, "memory-sampler");
            sampler.start();
            span = kafka.await(run.results(), marks, Duration.ofHours(3), Workers.alive(w));
            running.set(false);
            sampler.join();
            heapAfterGc = ProcessStats.heapUsed(w.pid(), true);
            rss = ProcessStats.resident(w.pid(), false);
            rssPeak = ProcessStats.resident(w.pid(), true);
            w.terminate();
        }
        long disk = ProcessStats.diskBytes(bench.workers().stateDir(run));
        String size = String.format("%,d entities", entities + 2L * tenants);
        bench.table().add("scale", "register commands/s: first tenth / last tenth of " + size,
                String.format("%,.0f / %,.0f", span.perSecond(marks, -1, 0), span.perSecond(marks, 1, 2)), "");
        double status = span.perSecond(marks, 2, 3);
        double small = throughput == null ? 0 : throughput.statusPhaseRate("exactly_once_v2", 100);
        bench.table().add("scale", "status commands/s with " + size + (small > 0
                ? String.format(" (%,.0f with %,d: %.2f of it)", small, throughput.entities(), status / small) : ""),
                String.format("%,.0f", status), "");
        bench.table().add("scale", "worker heap: peak sampled / after a full GC", ProcessStats.mib(heapPeak.get()) + " / "
                + ProcessStats.mib(heapAfterGc), "< 1 GiB");
        bench.table().add("scale", "worker resident memory: now / peak (RocksDB budget 256 MiB)",
                ProcessStats.mib(rss) + " / " + ProcessStats.mib(rssPeak), "");
        bench.table().add("scale", "state directory on disk", ProcessStats.mib(disk), "");
        bench.workers().discard(run);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
