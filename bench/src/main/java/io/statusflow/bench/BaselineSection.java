package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Alternated pairs of runs on the same throughput mix, under exactly-once with 50 ms commits: this
 * tree's jar beside another side, other, this tree, other, this tree, ... Each pair gives a ratio of
 * commands/s and one of worker CPU per command; their medians are the figures to quote, since the
 * machine's rate moves by more between runs than within a pair.
 *
 * <ul>
 *   <li>{@code baseline}, the guard against slowing the command path down unseen: the other side is
 *       another build (the {@code --baseline} of {@code bench/run}). Both builds must give the same
 *       results, events, snapshots and dead letters, or the table says MISMATCH.</li>
 *   <li>{@code contract-pairs}: the other side is the contract {@link Reference}, so that the ratio
 *       of the goal is a median of pairs, not one run of each. Also in the status phase alone.</li>
 * </ul>
 */
final class BaselineSection {

    static final String INPUT = "base.commands";
    private static final String GUARANTEE = "exactly_once_v2";
    private static final int COMMIT_MS = 50;

    private final Benchmark.Bench bench;
    /** The other side's build, or empty for the contract reference. */
    private final Optional<Path> baselineJar;
    private final String section;
    private final String otherName;
    private final int pairs;

    private BaselineSection(Benchmark.Bench bench, Optional<Path> baselineJar, String otherName, int pairs) {
        this.bench = bench;
        this.baselineJar = baselineJar;
        this.section = baselineJar.isPresent() ? "baseline" : "contract-pairs";
        this.otherName = otherName;
        this.pairs = pairs;
    }

    /** This tree beside the build of {@code baselineJar}. */
    static BaselineSection baseline(Benchmark.Bench bench, Path baselineJar, String baselineName, int pairs) {
        return new BaselineSection(bench, Optional.of(baselineJar), baselineName, pairs);
    }

    /** This tree beside the contract reference. */
    static BaselineSection contract(Benchmark.Bench bench, int pairs) {
        return new BaselineSection(bench, Optional.empty(), "the contract reference", pairs);
    }

    void run() throws Exception {
        boolean builds = baselineJar.isPresent();
        String input = builds ? INPUT : "pairs.commands";
        Kafka kafka = bench.kafka();
        kafka.create(List.of(input));
        Mix mix = new Mix(bench.scaled(ThroughputSection.TENANTS), bench.scaled(ThroughputSection.ENTITIES), bench.seed());
        Mix.Counts counts;
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            java.util.function.BiConsumer<String, byte[]> send = kafka.sender(p, input);
            counts = mix.statusPhase(bench.scaled(ThroughputSection.COMMANDS), mix.registers(send), send);
        }
        kafka.checkDelivered();
        // A cold broker serves its first reader slower: the first pair would flatter whichever ran second.
        Workers.Run warmUp = new Workers.Run(section + "-warm-up", input);
        try (WorkerProcess warm = bench.workers().statusflow(warmUp, GUARANTEE, COMMIT_MS)) {
            kafka.await(warmUp.results(), new long[] {counts.results() / 4}, Duration.ofHours(1), Workers.alive(warm));
            warm.terminate();
        }
        bench.workers().discard(warmUp);
        List<Double> rates = new ArrayList<>();
        List<Double> statusPhases = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        long[] expected = null;
        for (int i = 0; i < pairs; i++) {
            Workers.Run a = new Workers.Run(section + "-a" + i, input);
            Measured base = builds ? statusflow(baselineJar.get(), a, counts) : reference(a, counts);
            Measured tree = statusflow(WorkerProcess.JAR, new Workers.Run(section + "-b" + i, input), counts);
            long[] against = builds ? base.outputs() : expected;
            if (against != null && !java.util.Arrays.equals(against, tree.outputs())) {
                bench.table().note("MISMATCH in pair " + (i + 1) + ": results/events/snapshots/dlq " + java.util.Arrays.toString(
                        tree.outputs()) + " from this tree, " + java.util.Arrays.toString(against) + " from "
                        + (builds ? otherName : "its first pair"));
            }
            expected = tree.outputs();
            rates.add(tree.perSecond() / base.perSecond());
            statusPhases.add(tree.statusPhase() / base.statusPhase());
            cpus.add(tree.cpuMicros() / base.cpuMicros());
            bench.table().add(section, String.format("pair %d: %s / this tree, %s", i + 1, otherName, builds
                    ? "commands/s (worker CPU µs per command)" : "records/s / commands/s (CPU µs per record / per command)"),
                    String.format("%,.0f (%.0f) / %,.0f (%.0f): %.2f; status phase %,.0f / %,.0f: %.2f",
                    base.perSecond(), base.cpuMicros(), tree.perSecond(), tree.cpuMicros(), tree.perSecond() / base.perSecond(),
                    base.statusPhase(), tree.statusPhase(), tree.statusPhase() / base.statusPhase()), "");
        }
        bench.table().add(section, "this tree's commands/s, median of the pairs' ratios to " + otherName,
                String.format("%.2f (in the status phase alone %.2f)", median(rates), median(statusPhases)),
                builds ? ">= 0.95" : ">= 0.9");
        bench.table().add(section, "this tree's worker CPU per command, median of the pairs' ratios", String.format("%.2f",
                median(cpus)), builds ? "<= 1.05" : "");
        bench.table().note(String.format("%s input: %,d commands, %s, commit %d ms, %d pairs", section, counts.total(), GUARANTEE,
                COMMIT_MS, pairs));
    }

    /** One run's commands/s (records/s for a reference), the same in the status phase, CPU µs per command, its outputs. */
    private record Measured(double perSecond, double statusPhase, double cpuMicros, long[] outputs) {
        Measured(ThroughputSection.Rate r, long[] outputs) {
            this(r.perSecond(), r.statusPhase(), r.cpuMicros(), outputs);
        }
    }

    private Measured statusflow(Path jar, Workers.Run run, Mix.Counts counts) throws Exception {
        ThroughputSection.Ran ran = ThroughputSection.statusflow(bench, jar, run, "statusflow", GUARANTEE, COMMIT_MS, counts,
                false);
        return new Measured(ran.rate(), ran.outputs());
    }

    /** The contract reference, counted on its results topic, which has one record per input record. */
    private Measured reference(Workers.Run run, Mix.Counts counts) throws Exception {
        return new Measured(ThroughputSection.reference(bench, run, Reference.CONTRACT, GUARANTEE, COMMIT_MS,
                new long[] {counts.registers(), counts.total()}), null);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
