package io.statusflow.bench;

import io.statusflow.it.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Section 7: failover with a standby replica. The exactly-once run of the throughput section is
 * served by two instances with {@code num.standby.replicas=1}: the first holds every active task
 * (its state directory is the run's), the second starts empty and builds a standby copy of every
 * task from the changelogs. Once the standbys have caught up, the first instance is stopped,
 * cleanly (SIGTERM: it leaves the group) or by a crash (SIGKILL: the group notices only after the
 * session timeout, Kafka's default and a shorter one), and the time until every partition has
 * answered a probe again is measured. Without a standby the survivor would rebuild the state from
 * the changelogs: the restore section.
 */
record FailoverSection(Benchmark.Bench bench, Probes probes) {

    /** How the first instance stops, and any setting both instances get besides the standby. */
    private record Scenario(String name, boolean crash, List<String> config) {}

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("clean stop (SIGTERM: the instance leaves the group)", false, List.of()),
            new Scenario("crash (SIGKILL), Kafka's default session timeout (45 s)", true, List.of()),
            new Scenario("crash (SIGKILL), consumer.session.timeout.ms=10000", true, List.of("consumer.session.timeout.ms=10000")));

    /** A standby this close to its changelog's end counts as caught up (the markers of transactions are offsets too). */
    private static final long CAUGHT_UP = 100;

    void run(ThroughputSection.Result throughput) throws Exception {
        Workers.Run kept = throughput.kept();
        for (Scenario scenario : SCENARIOS) {
            failover(kept, scenario);
        }
        bench.table().note("failover: both instances with num.standby.replicas=1; the first held every active task, the second"
                + " a standby of each; times from the stop to a probe answered by every partition");
    }

    private void failover(Workers.Run kept, Scenario scenario) throws Exception {
        Workers workers = bench.workers();
        List<String> config = new ArrayList<>(List.of("num.standby.replicas=1"));
        config.addAll(scenario.config());
        Path secondDir = workers.stateDir(kept).resolveSibling(kept.name() + "-second");
        ProcessStats.delete(secondDir);
        try (WorkerProcess first = workers.statusflow(kept, workers.stateDir(kept), config, "exactly_once_v2", 100)) {
            probes.answered(kept, Duration.ofMinutes(30), Workers.alive(first));
            long started = System.nanoTime();
            try (WorkerProcess second = workers.statusflow(kept, secondDir, config, "exactly_once_v2", 100);
                    WorkerJmx jmx = WorkerJmx.attach(second.pid(), Duration.ofMinutes(1))) {
                CaughtUp caughtUp = awaitCaughtUp(jmx, second, first);
                WorkerJmx.Standbys standbys = caughtUp.standbys();
                double built = (caughtUp.sinceNanos() - started) / 1e9;
                int seen = second.output().length();
                long stop = System.nanoTime();
                if (scenario.crash()) {
                    first.kill();
                } else {
                    first.terminate();
                }
                double stopped = (System.nanoTime() - stop) / 1e9;
                probes.answered(kept, Duration.ofMinutes(10), Workers.alive(second));
                double answered = (System.nanoTime() - stop) / 1e9;
                Matcher restored = RestoreSection.RESTORED.matcher(second.output().substring(seen));
                String takeover = restored.find() ? String.format("the standby restored %,d changelog records on taking over",
                        Long.parseLong(restored.group(1))) : "the standby restored nothing on taking over";
                bench.table().add("failover", scenario.name() + ": every partition answering again after",
                        String.format("%.1f s", answered), "");
                bench.table().note(String.format("failover, %s: the second instance's %d standby tasks caught up %.1f s after it"
                        + " started (%,.0f changelog records read by then); the first stopped in %.1f s; %s", scenario.name(),
                        standbys.tasks(), built, standbys.recordsRead(), stopped, takeover));
                second.terminate();
            }
        }
        ProcessStats.delete(secondDir);
    }

    /** The standbys when they had caught up, and since when (nanoTime). */
    private record CaughtUp(WorkerJmx.Standbys standbys, long sinceNanos) {}

    /**
     * Waits until the second instance keeps a standby of every task and none has been behind its changelog for three
     * readings a second apart. (Its reads never stop: the worker's punctuations write a few records a second.)
     */
    private CaughtUp awaitCaughtUp(WorkerJmx jmx, WorkerProcess second, WorkerProcess first) throws Exception {
        int tasks = bench.kafka().partitions();
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        int caughtUp = 0;
        long since = 0;
        while (true) {
            long at = System.nanoTime();
            WorkerJmx.Standbys now = jmx.standbys();
            caughtUp = now.tasks() >= tasks && now.within(CAUGHT_UP) ? caughtUp + 1 : 0;
            since = caughtUp == 1 ? at : since;
            if (caughtUp == 3) {
                return new CaughtUp(now, since);
            }
            Workers.alive(second).check();
            Workers.alive(first).check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standbys did not catch up within 20 minutes: " + now);
            }
            Thread.sleep(1000); // the interval at which the standbys' progress is read, not a wait for an outcome
        }
    }
}
