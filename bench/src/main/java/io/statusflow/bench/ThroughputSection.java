package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Section 1 and 2: the passthrough ceiling, the other {@link Reference} applications chosen, and statusflow
 * on the same pre-produced mix, for each processing guarantee and commit interval. Checks that every run produced exactly the expected
 * results and dead letters, and the same number of events and snapshots as every other run.
 */
final class ThroughputSection {

    static final String INPUT = "mix.commands";
    /** The same commands, placed by a crc32 producer (librdkafka's default): most arrive on a partition not their tenant's. */
    static final String INPUT_CRC32 = "mix.commands.crc32";
    static final int TENANTS = 10_000;
    static final long ENTITIES = 1_000_000;
    static final long COMMANDS = 1_000_000;

    /** statusflow's rate per configuration, and the run kept for the restore section. */
    record Result(List<Measured> measured, Mix.Counts counts, Workers.Run kept, long entities) {
        double rate(String guarantee, int commitMs) {
            return measured.stream().filter(m -> m.guarantee().equals(guarantee) && m.commitMs() == commitMs)
                    .mapToDouble(Measured::statusflow).findFirst().orElse(0);
        }

        /**
         * The status phase's commands/s of a guarantee at a commit interval; at an interval not measured, the highest
         * of that guarantee's (0 when it was not measured at all).
         */
        double statusPhaseRate(String guarantee, int commitMs) {
            return measured.stream().filter(m -> m.guarantee().equals(guarantee) && m.commitMs() == commitMs)
                    .mapToDouble(Measured::statusPhase).findFirst()
                    .orElseGet(() -> measured.stream().filter(m -> m.guarantee().equals(guarantee))
                            .mapToDouble(Measured::statusPhase).max().orElse(0));
        }
    }

    record Measured(String guarantee, int commitMs, double ceiling, double statusflow, double registerPhase, double statusPhase,
            double workerCpuMicros, double brokerCpuMicros, List<Rate> references, Rate crc32) {}

    /**
     * A run's records/s (commands/s for statusflow) and its process's CPU µs per record (per command), over the whole
     * input; its records/s in the status phase alone too (0 where not measured): the status phase comes after a million
     * registers, when the JIT has done most of its work, so its ratio is nearer the steady state.
     */
    record Rate(String mode, double perSecond, double cpuMicros, double statusPhase) {}

    /** CPU used by the worker and by this JVM (the broker, the loader, the readers), in nanoseconds. */
    record Cpu(long workerNanos, long hostNanos) {
        static Cpu of(WorkerProcess w) {
            return new Cpu(w.cpu().toNanos(), ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos());
        }

        Cpu minus(Cpu o) {
            return new Cpu(workerNanos - o.workerNanos, hostNanos - o.hostNanos);
        }
    }

    /** A mix written: its counts, and how many of its records a crc32 producer put on a partition not their tenant's. */
    record Produced(Mix.Counts counts, long crossed) {
        String crc32Note(String section) {
            return String.format("%s input through crc32: %,d of %,d records (%.0f%%) on a partition that does not own their"
                    + " tenant, rerouted by statusflow", section, crossed, counts.total(), 100.0 * crossed / counts.total());
        }
    }

    /**
     * Writes the mix ({@code commands} status commands after the registers) to {@code input}, placed as Java's producer
     * places keys (murmur2), and, unless {@code crc32Input} is null, the same records to it, placed as librdkafka's
     * clients place them by default (crc32).
     */
    static Produced produce(Benchmark.Bench bench, Mix mix, long commands, String input, String crc32Input) throws Exception {
        Kafka kafka = bench.kafka();
        kafka.create(crc32Input == null ? List.of(input) : List.of(input, crc32Input));
        long[] crossed = {0};
        Mix.Counts counts;
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer(); KafkaProducer<String, byte[]> crc = kafka.bulkCrc32Producer()) {
            java.util.function.BiConsumer<String, byte[]> murmur2 = kafka.sender(p, input);
            int n = kafka.partitions();
            java.util.function.BiConsumer<String, byte[]> both = murmur2;
            if (crc32Input != null) {
                java.util.function.BiConsumer<String, byte[]> crc32 = kafka.sender(crc, crc32Input);
                both = (key, value) -> {
                    murmur2.accept(key, value);
                    crc32.accept(key, value);
                    if (Kafka.crossed(key, n)) {
                        crossed[0]++;
                    }
                };
            }
            counts = mix.statusPhase(commands, mix.registers(both), both);
        }
        kafka.checkDelivered();
        return new Produced(counts, crossed[0]);
    }

    private final Benchmark.Bench bench;
    private final List<String> guarantees;
    private final List<Integer> commits;
    private final List<String> references;

    /** {@code references}: the {@link Reference} modes besides the passthrough to measure before each statusflow run. */
    ThroughputSection(Benchmark.Bench bench, List<String> guarantees, List<Integer> commits, List<String> references) {
        this.bench = bench;
        this.guarantees = guarantees;
        this.commits = commits;
        this.references = List.copyOf(references);
    }

    /** With {@code all} false, only the exactly-once run at 100 ms (what the restore section needs). */
    Result run(boolean all) throws Exception {
        int tenants = bench.scaled(TENANTS);
        long entities = bench.scaled(ENTITIES);
        Mix mix = new Mix(tenants, entities, bench.seed());
        long started = System.nanoTime();
        Produced produced = produce(bench, mix, bench.scaled(COMMANDS), INPUT, all ? INPUT_CRC32 : null);
        Mix.Counts counts = produced.counts();
        if (all) {
            bench.table().note(produced.crc32Note("throughput"));
        }
        bench.table().note(String.format("throughput input: %,d records (%,d tenants, %,d entities registered, then %,d status"
                + " commands: %,d duplicates, %,d garbage), produced in %.1f s", counts.total(), tenants, entities,
                counts.statusCommands(), counts.duplicates(), counts.deadLetters(), (System.nanoTime() - started) / 1e9));

        List<Measured> measured = new ArrayList<>();
        Workers.Run kept = null;
        long[] expected = null;
        List<String> gs = all ? guarantees : List.of("exactly_once_v2");
        List<Integer> cs = all ? commits : List.of(100);
        if (all) {
            // The broker runs in this JVM and has not served a fetch yet: at --scale 0.3 the first ceiling measured
            // about half of the same configuration's later in a run, which would flatter the first ratio.
            String g = gs.get(0);
            int commit = cs.get(0);
            Rate warm = reference(bench, new Workers.Run("pass-warm-up", INPUT), Reference.PASSTHROUGH, g, commit,
                    new long[] {counts.total()});
            bench.table().note(String.format("throughput: a warm-up passthrough, %s, commit %d ms, not counted: %,.0f records/s",
                    g, commit, warm.perSecond()));
        }
        for (String g : gs) {
            for (int commit : cs) {
                String tag = (g.startsWith("exactly") ? "eos" : "alos") + commit;
                double ceiling = all ? reference(bench, new Workers.Run("pass-" + tag, INPUT), Reference.PASSTHROUGH, g, commit,
                        new long[] {counts.total()}).perSecond() : 0;
                List<Rate> refs = new ArrayList<>();
                for (String mode : all ? references : List.<String>of()) {
                    refs.add(reference(bench, new Workers.Run(mode + "-" + tag, INPUT), mode, g, commit,
                            new long[] {counts.registers(), counts.total()}));
                }
                Workers.Run run = new Workers.Run("sf-" + tag, INPUT);
                boolean keep = g.equals("exactly_once_v2") && commit == 100;
                Ran ran = statusflow(bench, WorkerProcess.JAR, run, "statusflow", g, commit, counts, keep);
                long[] got = ran.outputs();
                if (expected == null) {
                    expected = got;
                    bench.table().note(String.format("every run: %,d results, %,d events, %,d snapshots, %,d dead letters",
                            got[0], got[1], got[2], got[3]));
                } else if (!java.util.Arrays.equals(expected, got)) {
                    bench.table().note("MISMATCH in " + run.name() + ": results/events/snapshots/dlq " + java.util.Arrays.toString(got)
                            + " against " + java.util.Arrays.toString(expected));
                }
                Rate crc32 = all ? crc32Run(tag, g, commit, counts) : null;
                Measured m = new Measured(g, commit, ceiling, ran.rate().perSecond(), ran.registerPhase(),
                        ran.rate().statusPhase(), ran.rate().cpuMicros(), ran.hostCpuMicros(), refs, crc32);
                measured.add(m);
                report(m, all);
                if (keep) {
                    kept = run;
                }
            }
        }
        return new Result(measured, counts, kept, entities + tenants);
    }

    /**
     * statusflow on the crc32-placed input, right after its run on the murmur2-placed one with the same guarantee and
     * commit interval: its commands/s, counted as for the other; checked for the same exact results and dead letters.
     */
    private Rate crc32Run(String tag, String guarantee, int commit, Mix.Counts counts) throws Exception {
        return statusflow(bench, WorkerProcess.JAR, new Workers.Run("sf-" + tag + "-crc32", INPUT_CRC32), "crc32", guarantee,
                commit, counts, false).rate();
    }

    /**
     * A statusflow run's rate (its CPU the worker's, per command), its register phase's commands/s, the CPU of this JVM
     * (the broker, the loader, the readers) per command, and its results, events, snapshots and dead letters.
     */
    record Ran(Rate rate, double registerPhase, double hostCpuMicros, long[] outputs) {}

    /**
     * Runs {@code jar} over the run's input until every result is out, then checks its outputs and, unless {@code keep},
     * discards the run. The status phase starts after the registers.
     */
    static Ran statusflow(Benchmark.Bench bench, java.nio.file.Path jar, Workers.Run run, String name, String guarantee,
            int commit, Mix.Counts counts, boolean keep) throws Exception {
        long[] marks = {counts.registers(), counts.results()};
        Kafka.Span span;
        Cpu cpu;
        try (WorkerProcess w = bench.workers().statusflow(jar, run, guarantee, commit)) {
            Cpu before = Cpu.of(w);
            span = bench.kafka().await(run.results(), marks, Duration.ofHours(2), Workers.alive(w));
            cpu = Cpu.of(w).minus(before);
            w.terminate();
        }
        long[] outputs = verify(bench, run, counts);
        if (!keep) {
            bench.workers().discard(run);
        }
        long n = counts.total();
        return new Ran(new Rate(name, span.perSecond(), cpu.workerNanos() / 1e3 / n, span.perSecond(marks, 0, 1)),
                span.perSecond(marks, -1, 0), cpu.hostNanos() / 1e3 / n, outputs);
    }

    /**
     * Runs a reference application over the input, counted on its first output topic, which has one record per input
     * record: {@code marks} ends at the input's size; with two, the first is where the status phase starts.
     */
    static Rate reference(Benchmark.Bench bench, Workers.Run run, String mode, String guarantee, int commit, long[] marks)
            throws Exception {
        String counted = run.referenceOutputs(mode).get(0);
        long n = marks[marks.length - 1];
        try (WorkerProcess p = bench.workers().reference(run, mode, guarantee, commit)) {
            long cpuBefore = p.cpu().toNanos();
            Kafka.Span span = bench.kafka().await(counted, marks, Duration.ofHours(1), Workers.alive(p));
            long cpu = p.cpu().toNanos() - cpuBefore;
            p.terminate();
            bench.workers().discard(run);
            return new Rate(mode, span.perSecond(), cpu / 1e3 / n, marks.length > 1 ? span.perSecond(marks, 0, 1) : 0);
        }
    }

    /** Results, events, snapshots and dead letters of a finished run; results and dead letters must be exact. */
    static long[] verify(Benchmark.Bench bench, Workers.Run run, Mix.Counts counts) {
        Duration quiet = Duration.ofSeconds(2);
        long[] got = {bench.kafka().countAll(run.results(), quiet), bench.kafka().countAll(run.events(), quiet),
            bench.kafka().countAll(run.current(), quiet), bench.kafka().countAll(run.deadLetters(), quiet)};
        if (got[0] != counts.results() || got[3] != counts.deadLetters()) {
            bench.table().note(String.format("WRONG COUNTS in %s: %,d results (expected %,d), %,d dead letters (expected %,d)",
                    run.name(), got[0], counts.results(), got[3], counts.deadLetters()));
        }
        return got;
    }

    private void report(Measured m, boolean all) {
        String config = m.guarantee() + ", commit " + m.commitMs() + " ms";
        if (all) {
            bench.table().add("ceiling", "passthrough records/s, " + config, String.format("%,.0f", m.ceiling()), "");
            for (Rate r : m.references()) {
                bench.table().add("ceiling", "  " + Reference.describe(r.mode()) + ", records/s, " + config, String.format("%,.0f (%.2f of the ceiling; %.0f µs"
                        + " of CPU per record)", r.perSecond(), r.perSecond() / m.ceiling(), r.cpuMicros()), "");
            }
        }
        bench.table().add("throughput", "statusflow commands/s, " + config, String.format("%,.0f", m.statusflow()), "");
        if (m.crc32() != null) {
            bench.table().add("throughput", "  the same commands from a crc32 producer (rerouted), commands/s",
                    String.format("%,.0f (%.2f of the murmur2 row; worker CPU %.0f µs per command, %.2f of the murmur2 row's)",
                            m.crc32().perSecond(), m.crc32().perSecond() / m.statusflow(), m.crc32().cpuMicros(),
                            m.crc32().cpuMicros() / m.workerCpuMicros()), "");
        }
        bench.table().add("throughput", "  register phase / status phase, commands/s",
                String.format("%,.0f / %,.0f", m.registerPhase(), m.statusPhase()), "");
        bench.table().add("throughput", "  CPU per command: worker / broker and load JVM, microseconds",
                String.format("%.0f / %.0f", m.workerCpuMicros(), m.brokerCpuMicros()), "");
        if (all) {
            bench.table().add("throughput", "  ratio to the ceiling", String.format("%.2f", m.statusflow() / m.ceiling()), ">= 0.5");
            m.references().stream().filter(r -> r.mode().equals(Reference.SHAPE)).findFirst().ifPresent(r -> bench.table()
                    .add("throughput", "  ratio to its own store and topic work (the shape above)",
                            String.format("%.2f (CPU per command %.2f of the shape's per record)", m.statusflow() / r.perSecond(),
                                    m.workerCpuMicros() / r.cpuMicros()), ""));
            m.references().stream().filter(r -> r.mode().equals(Reference.CONTRACT)).findFirst().ifPresent(r -> bench.table()
                    .add("throughput", "  ratio to the contract's work without deciding (the contract above)",
                            String.format("%.2f (CPU per command %.2f of the contract's per record); in the status phase alone"
                                    + " %.2f (%,.0f against %,.0f records/s)", m.statusflow() / r.perSecond(),
                                    m.workerCpuMicros() / r.cpuMicros(), m.statusPhase() / r.statusPhase(), m.statusPhase(),
                                    r.statusPhase()), ">= 0.9"));
        }
    }
}
