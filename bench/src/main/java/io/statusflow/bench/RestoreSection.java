package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 5: the exactly-once run of the throughput section is started again three ways: a fresh
 * application with no state (the cost of starting at all), a clean restart on its state
 * directory, and a restart after the directory was wiped, which rebuilds every store from its
 * changelog. Each is timed from process start until a probe command sent to every partition has
 * its result, which needs that partition's stores restored.
 */
record RestoreSection(Benchmark.Bench bench, Probes probes) {

    void run(ThroughputSection.Result throughput) throws Exception {
        Workers.Run kept = throughput.kept();
        Workers.Run empty = new Workers.Run("restore-empty", "restore-empty.commands");
        bench.kafka().create(List.of(empty.input()));
        double fresh = timeToAnswer(empty).seconds();
        double restart = timeToAnswer(kept).seconds();
        long stateBytes = ProcessStats.diskBytes(bench.workers().stateDir(kept));
        ProcessStats.delete(bench.workers().stateDir(kept));
        Start wiped = timeToAnswer(kept);
        double rebuilt = wiped.seconds();
        double restoring = rebuilt - fresh;
        bench.table().add("restore", "start with no state, to every partition answering", String.format("%.1f s", fresh), "");
        bench.table().add("restore", "clean restart on its state directory", String.format("%.1f s", restart), "");
        bench.table().add("restore", String.format("state wiped: rebuild %,d entities (%s of state) from changelogs",
                throughput.entities(), ProcessStats.mib(stateBytes)), String.format("%.1f s", rebuilt), "");
        bench.table().add("restore", "  restore rate, entities/s (rebuild less the start with no state)",
                restoring > 0.5 ? String.format("%,.0f", throughput.entities() / restoring) : "n/a (within start-up noise)",
                ">= 100,000");
        bench.table().add("restore", "  cores during the rebuild", wiped.cores(), "");
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
        bench.workers().discard(empty);
    }

    /** The worker's one line per restore (RestoreLog). */
    static final Pattern RESTORED = Pattern.compile(
            "restored (\\d+) changelog records into (\\d+) store partitions in ([0-9.]+) s(?: \\(([^)]*)\\))?");

    /** How long a start took until every partition answered, and what the worker printed meanwhile. */
    private record Start(double seconds, String output, String cores) {}

    /** Seconds from starting the worker until every partition answered a probe. */
    private Start timeToAnswer(Workers.Run run) throws Exception {
        long start = System.nanoTime();
        long self = ProcessHandle.current().pid();
        long[] selfBefore = ProcessStats.scheduled(self, null);
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 100)) {
            probes.answered(run, Duration.ofMinutes(30), Workers.alive(w));
            long nanos = System.nanoTime() - start;
            long[] worker = ProcessStats.scheduled(w.pid(), null);
            long[] selfAfter = ProcessStats.scheduled(self, null);
            String output = w.output();
            w.terminate();
            String cores = String.format("worker %.2f cores busy, %.2f waiting for one; this JVM (the broker; threads that"
                    + " ended, as the probes', not counted) %.2f busy, %.2f waiting (Linux schedstat, summed over threads, from"
                    + " the start until every partition answered)",
                    (double) worker[0] / nanos, (double) worker[1] / nanos, (double) (selfAfter[0] - selfBefore[0]) / nanos,
                    (double) (selfAfter[1] - selfBefore[1]) / nanos);
            return new Start(nanos / 1e9, output, cores);
        }
    }
}
