package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Section 7: failover with a standby replica. The exactly-once run of the throughput section is
 * served by two instances with {@code num.standby.replicas=1}: the first holds every active task
 * (its state directory is the run's), the second starts empty and builds a standby copy of every
 * task from the changelogs. Once the standbys have caught up, the first instance is stopped,
 * cleanly (SIGTERM: it leaves the group) or by a crash (SIGKILL: the group notices only after the
 * session timeout, Kafka's default and a shorter one), and the time until every partition has
 * answered a probe again is measured. The last crash comes while commands flow at a steady rate: it
 * also reports how long those commands waited for their results, and checks that each got exactly
 * one. Without a standby the survivor would rebuild the state from the changelogs: the restore section.
 */
record FailoverSection(Benchmark.Bench bench, Probes probes) {

    /**
     * How the first instance stops, any setting both instances get besides the standby, and the commands/s offered
     * meanwhile (0: none).
     */
    private record Scenario(String name, boolean crash, List<String> config, double load) {}

    private static final List<String> SHORT_SESSION = List.of("consumer.session.timeout.ms=10000");
    static final double LOAD = 1_000;

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("clean stop (SIGTERM: the instance leaves the group)", false, List.of(), 0),
            new Scenario("crash (SIGKILL), Kafka's default session timeout (45 s)", true, List.of(), 0),
            new Scenario("crash (SIGKILL), consumer.session.timeout.ms=10000", true, SHORT_SESSION, 0),
            new Scenario(String.format("crash (SIGKILL) while %,.0f commands/s flow, consumer.session.timeout.ms=10000", LOAD),
                    true, SHORT_SESSION, LOAD));
    /** How long the load runs before the stop, and after every partition answers again. */
    private static final Duration STEADY = Duration.ofSeconds(5);

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
                Stopped stopped = stopFirst(kept, scenario, first, second);
                bench.table().note(String.format("failover, %s: the second instance's %d standby tasks caught up %.1f s after it"
                        + " started (%,.0f changelog records read by then); the first stopped in %.1f s; %s", scenario.name(),
                        standbys.tasks(), built, standbys.recordsRead(), stopped.seconds(), stopped.takeover()));
                second.terminate();
            }
        }
        ProcessStats.delete(secondDir);
    }

    /** How long the first instance took to stop, and what the second restored on taking over. */
    private record Stopped(double seconds, String takeover) {}

    /**
     * Stops the first instance as the scenario says, under its load if it has one, and adds to the table the time until
     * every partition answered again and what became of the commands offered meanwhile.
     */
    private Stopped stopFirst(Workers.Run kept, Scenario scenario, WorkerProcess first, WorkerProcess second) throws Exception {
        int seen = second.output().length();
        try (Answers answers = scenario.load() > 0 ? startLoad(kept, scenario.load()) : null) {
            long stop = System.nanoTime();
            if (scenario.crash()) {
                first.kill();
            } else {
                first.terminate();
            }
            double stopped = (System.nanoTime() - stop) / 1e9;
            probes.answered(kept, Duration.ofMinutes(10), Workers.alive(second));
            double answered = (System.nanoTime() - stop) / 1e9;
            bench.table().add("failover", scenario.name() + ": every partition answering again after",
                    String.format("%.1f s", answered), "");
            Matcher restored = RestoreSection.RESTORED.matcher(second.output().substring(seen));
            String takeover = restored.find() ? String.format("the standby restored %,d changelog records on taking over",
                    Long.parseLong(restored.group(1))) : "the standby restored nothing on taking over";
            if (answers != null) {
                answers.finish(second);
                bench.table().add("failover", "  the commands offered meanwhile", answers.summary(), "one result each");
            }
            return new Stopped(stopped, takeover);
        }
    }

    /** Starts the load and its reader, and returns once it has flowed for {@link #STEADY}. */
    private Answers startLoad(Workers.Run kept, double rate) throws Exception {
        int tenants = bench.scaled(ThroughputSection.TENANTS);
        long entities = bench.scaled(ThroughputSection.ENTITIES);
        Mix mix = new Mix(tenants, entities, bench.seed() + 11);
        Answers answers = new Answers(bench.kafka().reader(kept.results()),
                new OfferedLoad(bench, mix, entities, kept.input(), rate, false));
        answers.start();
        answers.keep(STEADY);
        return answers;
    }

    /**
     * Reads the results of the offered load from a thread of its own, from the end of the results topic as it was
     * when the load started: how long each command waited for its result, and any command answered twice. What the
     * reader collects is read only after it has been joined. Closing stops the load and the reader.
     */
    private static final class Answers implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> results;
        private final OfferedLoad load;
        private final Latencies waits = new Latencies();
        private final Set<String> answered = new HashSet<>();
        private long doubled;
        private final AtomicBoolean reading = new AtomicBoolean(true);
        private final AtomicReference<Exception> failed = new AtomicReference<>();
        private final Thread thread = new Thread(this::read, "failover-answers");

        Answers(KafkaConsumer<byte[], byte[]> results, OfferedLoad load) {
            this.results = results;
            this.load = load;
            results.seekToEnd(results.assignment());
            results.assignment().forEach(results::position);
        }

        void start() {
            thread.start();
            load.start();
        }

        void check() {
            if (failed.get() != null) {
                throw new IllegalStateException("reading the load's results failed", failed.get());
            }
        }

        /** Lets the load flow for {@code time}, failing at once if reading its results failed. */
        void keep(Duration time) throws InterruptedException {
            long until = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < until) {
                check();
                Thread.sleep(100); // the pace of the check, not a wait for an outcome
            }
        }

        /** Keeps the load on for {@link #STEADY} more, stops it, and waits up to a minute for every result. */
        void finish(WorkerProcess survivor) throws Exception {
            keep(STEADY);
            load.stop();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!load.sentAt().isEmpty() && System.nanoTime() < deadline) {
                check();
                Workers.alive(survivor).check();
                Thread.sleep(100); // the pace of the check, not a wait for an outcome
            }
            // Any second result of a command would come with the first's transaction or not at all: a moment more of reading.
            Thread.sleep(1000);
            close();
            check();
        }

        /** After {@link #finish}: the commands still in {@code sentAt} are those without a result. */
        String summary() {
            return String.format("%,d sent, %,d answered, %,d without a result, %,d answered twice; wait for a result %s",
                    load.sent(), answered.size(), load.sentAt().size(), doubled, waits.summary());
        }

        /** Stops the load and the reader; a second call does nothing more. */
        @Override
        public void close() throws InterruptedException {
            load.stop();
            if (reading.getAndSet(false)) {
                thread.join();
                results.close();
            }
        }

        private void read() {
            try {
                while (reading.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(20))) {
                        String id = Latencies.commandId(r.value());
                        if (id == null) {
                            continue;
                        }
                        Long sent = load.sentAt().remove(id);
                        if (sent != null) {
                            waits.add(System.nanoTime() - sent);
                            answered.add(id);
                        } else if (answered.contains(id)) {
                            doubled++;
                        }
                    }
                }
            } catch (Exception e) {
                failed.set(e);
            }
        }
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
