package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The guard against slowing the command path down unseen: this tree's jar beside another build's
 * (the {@code --baseline} of {@code bench/run}) on the same throughput mix, under exactly-once with
 * 50 ms commits, alternated baseline, this tree, baseline, this tree, ... Each pair gives a ratio of
 * commands/s and one of worker CPU per command; their medians are the figures to quote, since the
 * machine's rate moves by more between runs than within a pair. Both builds must give the same
 * results, events, snapshots and dead letters, or the table says MISMATCH.
 */
final class BaselineSection {

    static final String INPUT = "base.commands";
    private static final String GUARANTEE = "exactly_once_v2";
    private static final int COMMIT_MS = 50;

    private final Benchmark.Bench bench;
    private final Path baselineJar;
    private final String baselineName;
    private final int pairs;

    BaselineSection(Benchmark.Bench bench, Path baselineJar, String baselineName, int pairs) {
        this.bench = bench;
        this.baselineJar = baselineJar;
        this.baselineName = baselineName;
        this.pairs = pairs;
    }

    void run() throws Exception {
        Kafka kafka = bench.kafka();
        kafka.create(List.of(INPUT));
        Mix mix = new Mix(bench.scaled(ThroughputSection.TENANTS), bench.scaled(ThroughputSection.ENTITIES), bench.seed());
        Mix.Counts counts;
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            java.util.function.BiConsumer<String, byte[]> send = kafka.sender(p, INPUT);
            counts = mix.statusPhase(bench.scaled(ThroughputSection.COMMANDS), mix.registers(send), send);
        }
        kafka.checkDelivered();
        // A cold broker serves its first reader slower: the first pair would flatter whichever ran second.
        Workers.Run warmUp = new Workers.Run("base-warm-up", INPUT);
        try (WorkerProcess warm = bench.workers().statusflow(warmUp, GUARANTEE, COMMIT_MS)) {
            kafka.await(warmUp.results(), new long[] {counts.results() / 4}, Duration.ofHours(1), Workers.alive(warm));
            warm.terminate();
        }
        bench.workers().discard(warmUp);
        long[] marks = {counts.registers(), counts.results()};
        List<Double> rates = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Measured base = measure(baselineJar, new Workers.Run("base-a" + i, INPUT), marks, counts);
            Measured tree = measure(WorkerProcess.JAR, new Workers.Run("base-b" + i, INPUT), marks, counts);
            if (!java.util.Arrays.equals(base.outputs(), tree.outputs())) {
                bench.table().note("MISMATCH in pair " + (i + 1) + ": results/events/snapshots/dlq " + java.util.Arrays.toString(
                        tree.outputs()) + " from this tree, " + java.util.Arrays.toString(base.outputs()) + " from " + baselineName);
            }
            rates.add(tree.perSecond() / base.perSecond());
            cpus.add(tree.cpuMicros() / base.cpuMicros());
            bench.table().add("baseline", String.format("pair %d: %s / this tree, commands/s (worker CPU µs per command)", i + 1,
                    baselineName), String.format("%,.0f (%.0f) / %,.0f (%.0f): %.2f", base.perSecond(), base.cpuMicros(),
                    tree.perSecond(), tree.cpuMicros(), tree.perSecond() / base.perSecond()), "");
        }
        bench.table().add("baseline", "this tree's commands/s, median of the pairs' ratios to " + baselineName,
                String.format("%.2f", median(rates)), ">= 0.95");
        bench.table().add("baseline", "this tree's worker CPU per command, median of the pairs' ratios", String.format("%.2f",
                median(cpus)), "<= 1.05");
        bench.table().note(String.format("baseline input: %,d commands, %s, commit %d ms, %d pairs", counts.total(), GUARANTEE,
                COMMIT_MS, pairs));
    }

    /** One run's commands/s, worker CPU µs per command, and its output counts. */
    private record Measured(double perSecond, double cpuMicros, long[] outputs) {}

    private Measured measure(Path jar, Workers.Run run, long[] marks, Mix.Counts counts) throws Exception {
        Kafka.Span span;
        double cpuMicros;
        try (WorkerProcess w = bench.workers().statusflow(jar, run, GUARANTEE, COMMIT_MS)) {
            long before = w.cpu().toNanos();
            span = bench.kafka().await(run.results(), marks, Duration.ofHours(1), Workers.alive(w));
            cpuMicros = (w.cpu().toNanos() - before) / 1e3 / counts.total();
            w.terminate();
        }
        long[] outputs = ThroughputSection.verify(bench, run, counts);
        bench.workers().discard(run);
        return new Measured(span.perSecond(), cpuMicros, outputs);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
