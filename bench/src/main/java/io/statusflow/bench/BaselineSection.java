package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Alternated pairs of runs on the same throughput mix, under exactly-once with 50 ms commits: this
 * tree's jar beside another side, other, this tree, other, this tree, ... Each pair gives a ratio of
 * commands/s and one of worker CPU per command; their medians are the figures to quote, since the
 * machine's rate moves by more between runs than within a pair.
 *
 * <ul>
 *   <li>{@code baseline}, the guard against slowing the command path down unseen: the other side is
 *       another build (the {@code --baseline} of {@code bench/run}).</li>
 *   <li>{@code contract-pairs}: the other side is the contract {@link Reference}, so that the ratio
 *       of the goal is a median of pairs, not one run of each. Also in the status phase alone.</li>
 *   <li>{@code crc32-pairs}: both sides are this tree; the other side reads the commands as Java's producer
 *       places them (murmur2), this side the same commands as librdkafka's clients place them by default
 *       (crc32), so that most are rerouted to their tenant's task first: what the reroute hop costs.</li>
 * </ul>
 * Where both sides are statusflow, they must give the same results, events, snapshots and dead letters, or
 * the table says MISMATCH; against the reference, every pair's statusflow run must match the first's.
 */
final class BaselineSection {

    private static final String GUARANTEE = "exactly_once_v2";
    private static final int COMMIT_MS = 50;

    /** What this tree is paired with, the section's name, and what the table calls the other side. */
    private enum Kind {
        BASELINE("baseline", "base.commands", ">= 0.95", "commands/s (worker CPU µs per command)"),
        CONTRACT("contract-pairs", "pairs.commands", ">= 0.9", "records/s / commands/s (CPU µs per record / per command)"),
        CRC32("crc32-pairs", "crc32pairs.commands", ">= 0.9", "commands/s (worker CPU µs per command)");

        final String section;
        final String input;
        final String goal;
        final String units;

        Kind(String section, String input, String goal, String units) {
            this.section = section;
            this.input = input;
            this.goal = goal;
            this.units = units;
        }
    }

    private final Benchmark.Bench bench;
    private final Kind kind;
    /** The other side's build, for {@link Kind#BASELINE}. */
    private final Path baselineJar;
    private final String otherName;
    private final int pairs;

    private BaselineSection(Benchmark.Bench bench, Kind kind, Path baselineJar, String otherName, int pairs) {
        this.bench = bench;
        this.kind = kind;
        this.baselineJar = baselineJar;
        this.otherName = otherName;
        this.pairs = pairs;
    }

    /** This tree beside the build of {@code baselineJar}. */
    static BaselineSection baseline(Benchmark.Bench bench, Path baselineJar, String baselineName, int pairs) {
        return new BaselineSection(bench, Kind.BASELINE, baselineJar, baselineName, pairs);
    }

    /** This tree beside the contract reference. */
    static BaselineSection contract(Benchmark.Bench bench, int pairs) {
        return new BaselineSection(bench, Kind.CONTRACT, null, "the contract reference", pairs);
    }

    /** This tree on crc32-placed commands beside itself on the same commands placed by murmur2. */
    static BaselineSection crc32(Benchmark.Bench bench, int pairs) {
        return new BaselineSection(bench, Kind.CRC32, null, "the murmur2 input", pairs);
    }

    void run() throws Exception {
        String input = kind.input;
        String crc32Input = kind == Kind.CRC32 ? input + ".crc32" : null;
        Mix mix = new Mix(bench.scaled(ThroughputSection.TENANTS), bench.scaled(ThroughputSection.ENTITIES), bench.seed());
        ThroughputSection.Produced produced = ThroughputSection.produce(bench, mix, bench.scaled(ThroughputSection.COMMANDS),
                input, crc32Input);
        Mix.Counts counts = produced.counts();
        if (crc32Input != null) {
            bench.table().note(produced.crc32Note(kind.section));
        }
        // A cold broker serves its first reader slower: the first pair would flatter whichever ran second.
        Workers.Run warmUp = new Workers.Run(kind.section + "-warm-up", input);
        try (WorkerProcess warm = bench.workers().statusflow(warmUp, GUARANTEE, COMMIT_MS)) {
            bench.kafka().await(warmUp.results(), new long[] {counts.results() / 4}, Duration.ofHours(1), Workers.alive(warm));
            warm.terminate();
        }
        bench.workers().discard(warmUp);
        List<Double> rates = new ArrayList<>();
        List<Double> statusPhases = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        long[] expected = null;
        for (int i = 0; i < pairs; i++) {
            Workers.Run a = new Workers.Run(kind.section + "-a" + i, input);
            Measured base = switch (kind) {
                case BASELINE -> statusflow(baselineJar, a, counts);
                case CONTRACT -> reference(a, counts);
                case CRC32 -> statusflow(WorkerProcess.JAR, a, counts);
            };
            Measured tree = statusflow(WorkerProcess.JAR, new Workers.Run(kind.section + "-b" + i,
                    crc32Input != null ? crc32Input : input), counts);
            long[] against = base.outputs() != null ? base.outputs() : expected;
            if (against != null && !java.util.Arrays.equals(against, tree.outputs())) {
                bench.table().note("MISMATCH in pair " + (i + 1) + ": results/events/snapshots/dlq " + java.util.Arrays.toString(
                        tree.outputs()) + " from this tree, " + java.util.Arrays.toString(against) + " from "
                        + (base.outputs() != null ? otherName : "its first pair"));
            }
            expected = tree.outputs();
            rates.add(tree.perSecond() / base.perSecond());
            statusPhases.add(tree.statusPhase() / base.statusPhase());
            cpus.add(tree.cpuMicros() / base.cpuMicros());
            bench.table().add(kind.section, String.format("pair %d: %s / this tree%s, %s", i + 1, otherName,
                    crc32Input != null ? " on the crc32 input" : "", kind.units),
                    String.format("%,.0f (%.0f) / %,.0f (%.0f): %.2f; status phase %,.0f / %,.0f: %.2f",
                    base.perSecond(), base.cpuMicros(), tree.perSecond(), tree.cpuMicros(), tree.perSecond() / base.perSecond(),
                    base.statusPhase(), tree.statusPhase(), tree.statusPhase() / base.statusPhase()), "");
        }
        bench.table().add(kind.section, "this tree's commands/s, median of the pairs' ratios to " + otherName,
                String.format("%.2f (in the status phase alone %.2f)", median(rates), median(statusPhases)), kind.goal);
        bench.table().add(kind.section, "this tree's worker CPU per command, median of the pairs' ratios", String.format("%.2f",
                median(cpus)), kind == Kind.BASELINE ? "<= 1.05" : "");
        bench.table().note(String.format("%s input: %,d commands, %s, commit %d ms, %d pairs", kind.section, counts.total(),
                GUARANTEE, COMMIT_MS, pairs));
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
