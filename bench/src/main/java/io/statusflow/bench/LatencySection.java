package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Section 3: from a command's send to its event being readable by a read_committed consumer, at a
 * fixed offered load of half the maximum the throughput section measured for that guarantee (or the loads
 * given). Each command toggles an entity, so every one of them has exactly one event. Samples count once the
 * worker, a fresh JVM, has warmed up: at least 15 s of load, and until its JIT has settled.
 */
final class LatencySection {

    static final int TENANTS = 1_000;
    static final long ENTITIES = 100_000;
    static final double DEFAULT_RATE = 2_000;
    /**
     * Load before the samples count: the worker is a fresh JVM, and its JIT is still compiling. At least this long, and
     * until the JIT has settled ({@link #jitSettled}), at most {@link #MAX_WARM_UP}.
     */
    static final Duration WARM_UP = Duration.ofSeconds(15);
    static final Duration MAX_WARM_UP = Duration.ofSeconds(120);
    /** The JIT counts as settled when it compiled for less than this share of the last {@link #JIT_WINDOW}. */
    static final double JIT_SETTLED_SHARE = 0.02;
    static final Duration JIT_WINDOW = Duration.ofSeconds(5);

    /** Where each run's samples go, one CSV per configuration and load. */
    static final Path SAMPLES = Path.of("target", "bench");

    /** The tail laid beside the GC pauses: the samples over the goal, and the pauses long enough to matter to them. */
    private static final double TAIL_MILLIS = 100;
    private static final long TAIL_PAUSE_MILLIS = 20;
    /** The placement of {@code --latency-placements} that puts keys as librdkafka's clients do. */
    static final String CRC32 = "crc32";
    /** Kafka Streams' stream threads, without their producers', consumers' or state updaters' threads. */
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    private final Benchmark.Bench bench;
    private final int seconds;
    private final List<Double> givenRates;
    private final List<Integer> exactlyOnceCommits;
    private final List<Integer> atLeastOnceCommits;
    /** How the load places its keys, each measured: "murmur2" as Java's producer, "crc32" as librdkafka's clients. */
    private final List<String> placements;
    private int runs;

    /**
     * {@code rates}: each configuration runs once per rate; a rate of 0 is half the status-phase throughput measured for
     * it. {@code placements}: {@code murmur2}, {@code crc32} or both.
     */
    LatencySection(Benchmark.Bench bench, int seconds, List<Double> rates, List<Integer> exactlyOnceCommits,
            List<Integer> atLeastOnceCommits, List<String> placements) {
        this.bench = bench;
        this.placements = List.copyOf(placements);
        this.seconds = seconds;
        this.givenRates = List.copyOf(rates);
        this.exactlyOnceCommits = List.copyOf(exactlyOnceCommits);
        this.atLeastOnceCommits = List.copyOf(atLeastOnceCommits);
    }

    void run(List<String> guarantees, ThroughputSection.Result throughput) throws Exception {
        if (throughput == null && !guarantees.isEmpty()) {
            // The broker, the load and the reader run in this JVM. Without a throughput section before, they are cold for
            // the first run, and its tail measured 3 to 12 times the same configuration's later in the run: run it once
            // uncounted.
            String g = guarantees.get(0);
            int commit = commits(g).get(0);
            double first = givenRates.get(0);
            Measured warm = measure(g, commit, first > 0 ? first : DEFAULT_RATE, placements.get(0).equals(CRC32));
            bench.table().note(String.format("latency: a warm-up run of %s, commit %d ms, not counted: %s", g, commit,
                    warm.latencies().summary()));
        }
        for (String placement : placements) {
            for (String g : guarantees) {
                for (int commit : commits(g)) {
                    for (double given : givenRates) {
                        double max = throughput == null ? 0 : throughput.statusPhaseRate(g, commit);
                        row(g, commit, given > 0 ? given : max > 0 ? max / 2 : DEFAULT_RATE, placement.equals(CRC32));
                    }
                }
            }
        }
    }

    private List<Integer> commits(String guarantee) {
        return guarantee.equals("exactly_once_v2") ? exactlyOnceCommits : atLeastOnceCommits;
    }

    /** Measures one configuration at one offered load and adds its rows to the table. */
    private void row(String guarantee, int commit, double rate, boolean crc32) throws Exception {
        Measured m = measure(guarantee, commit, rate, crc32);
        String goal = guarantee.equals("exactly_once_v2") ? "p99 < 100 ms" : "p99 < 20 ms";
        String what = String.format("command to event, %s, commit %d ms, %,.0f commands/s offered (sent with linger.ms=%d%s)",
                guarantee, commit, rate, bench.loadLingerMs(), crc32 ? String.format(", placed by crc32: %.0f%% rerouted",
                100 * m.rerouted()) : "");
        bench.table().add("latency", what, m.latencies().summary() + String.format(", after %.0f s of warm-up", m.warmUpSeconds()),
                goal);
        if (m.commits() != null) {
            bench.table().add("latency", "  commits, in the worker (JMX)", m.commits(), "");
        }
        if (m.pauses() != null) {
            bench.table().add("latency", "  pauses during the samples", m.pauses(), "");
        }
        if (m.cores() != null) {
            bench.table().add("latency", "  cores during the samples", m.cores(), "");
        }
        if (m.tail() != null) {
            bench.table().add("latency", "  the tail", m.tail(), "");
        }
    }

    /** Latencies of one run, and what its commits cost by the worker's own metrics (null when they could not be read). */
    private record Measured(Latencies latencies, String commits, String pauses, String cores, String tail,
            double warmUpSeconds, double rerouted) {}

    private static WorkerJmx openProbe(WorkerProcess w) {
        try {
            // Attached right after the start: the worker's JVM may not listen for attaches yet.
            return WorkerJmx.attach(w.pid(), Duration.ofSeconds(30));
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    private Measured measure(String guarantee, int commitMs, double rate, boolean crc32) throws Exception {
        String tag = "lat-" + (guarantee.startsWith("exactly") ? "eos" : "alos") + commitMs + (crc32 ? "-crc32" : "");
        // A name of its own for each run: topics deleted and at once created again under the same name left the load's
        // producer without an answer for a partition (its batches expired after 120 s) in two runs.
        String name = tag + "-r" + (++runs);
        Workers.Run run = new Workers.Run(name, name + ".commands");
        Kafka kafka = bench.kafka();
        kafka.create(List.of(run.input()));
        int tenants = bench.scaled(TENANTS);
        long entities = bench.scaled(ENTITIES);
        Mix mix = new Mix(tenants, entities, bench.seed());
        long registers;
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            registers = mix.registers(kafka.sender(p, run.input()));
        }
        kafka.checkDelivered();
        Latencies latencies = new Latencies();
        double warmUpSeconds = 0;
        String commits = null;
        String pauses = null;
        String cores = null;
        String tail = null;
        double rerouted = 0;
        try (WorkerProcess w = bench.workers().statusflow(run, guarantee, commitMs);
                KafkaConsumer<byte[], byte[]> events = kafka.reader(run.events());
                WorkerJmx probe = openProbe(w);
                OfferedLoad load = new OfferedLoad(bench, mix, entities, run.input(), rate, crc32);
                GcPauses localPauses = GcPauses.local()) {
            kafka.await(run.results(), new long[] {registers}, Duration.ofMinutes(30), Workers.alive(w));
            events.seekToEnd(events.assignment());
            events.assignment().forEach(events::position);
            WorkerJmx.Totals atWarm = null;
            Spent spentAtWarm = null;
            WorkerJmx.Totals atEnd = null;
            Spent spentAtEnd = null;
            // Read before the load starts: a thread dump would pause the worker during the samples.
            List<Long> streamThreads = ProcessStats.threadIds(w.pid(), STREAM_THREAD);
            GcPauses workerPauses = probe == null ? null : probe.pauses();
            Map<String, Long> sentAt = load.sentAt();
            long start = System.nanoTime();
            load.start();
            long warmAt = 0;
            JitWatch jit = new JitWatch(probe);
            long drainUntil = Long.MAX_VALUE;
            while (System.nanoTime() < drainUntil) {
                for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    Long sent = sentAt.remove(Latencies.commandId(r.value()));
                    if (sent != null) {
                        latencies.add(now, now - sent, r.timestamp());
                    }
                }
                long sinceStart = System.nanoTime() - start;
                if (warmAt == 0 && sinceStart > WARM_UP.toNanos() && (jit.settled() || sinceStart > MAX_WARM_UP.toNanos())) {
                    latencies.clear();
                    warmAt = System.nanoTime();
                    warmUpSeconds = (warmAt - start) / 1e9;
                    atWarm = probe == null ? null : probe.read();
                    spentAtWarm = probe == null ? null : Spent.now(probe, w.pid(), streamThreads);
                }
                if (load.sending() && warmAt != 0 && System.nanoTime() - warmAt > Duration.ofSeconds(seconds).toNanos()) {
                    // Read while every thread of the samples still runs: a thread that has ended drops out of the sums.
                    atEnd = probe == null ? null : probe.read();
                    spentAtEnd = probe == null ? null : Spent.now(probe, w.pid(), streamThreads);
                    load.stop();
                    drainUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                if (!load.sending() && sentAt.isEmpty()) {
                    break;
                }
            }
            if (!sentAt.isEmpty()) {
                bench.table().note(String.format("%s: %,d commands had no event within 5 s of the end", tag, sentAt.size()));
            }
            if (warmAt != 0) {
                long now = System.currentTimeMillis();
                long from = now - (System.nanoTime() - warmAt) / 1_000_000;
                List<GcPauses.Pause> workers = workerPauses == null ? List.of() : workerPauses.between(from, now);
                List<GcPauses.Pause> locals = localPauses.between(from, now);
                tail = latencies.tail(TAIL_MILLIS, workers, locals, TAIL_PAUSE_MILLIS).line() + String.format("; longest"
                        + " pause during the samples: %s, this JVM %d ms", workerPauses == null ? "worker not read"
                        : "worker " + GcPauses.longest(workers) + " ms", GcPauses.longest(locals));
            }
            if (atWarm != null && atEnd != null) {
                commits = atEnd.since(atWarm, probe.recent("commit-latency-avg"))
                        + String.format("; %.0f%% of the stream threads' time spent committing", 100 * probe.recent("commit-ratio"));
                pauses = spentAtEnd.pausesSince(spentAtWarm) + String.format("; stream threads' longest commit / poll / process /"
                        + " punctuate in the last minute: %.0f / %.0f / %.1f / %.1f ms", probe.recentMax("commit-latency-max"),
                        probe.recentMax("poll-latency-max"), probe.recentMax("process-latency-max"),
                        probe.recentMax("punctuate-latency-max"));
                cores = spentAtEnd.coresSince(spentAtWarm, streamThreads.size());
            }
            rerouted = load.rerouted();
            Files.createDirectories(SAMPLES);
            latencies.write(SAMPLES.resolve(String.format("latency-%s-%.0f.csv", tag, rate)), warmAt);
            w.terminate();
        }
        bench.workers().discard(run);
        return new Measured(latencies, commits, pauses, cores, tail, warmUpSeconds, rerouted);
    }

    /**
     * Whether the worker's JIT has settled: it compiled for less than {@link #JIT_SETTLED_SHARE} of the last
     * {@link #JIT_WINDOW}, by its JVM's own count. Read at most once a second; always true without a JMX connection.
     */
    private static final class JitWatch {
        private final WorkerJmx probe;
        private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();

        JitWatch(WorkerJmx probe) {
            this.probe = probe;
        }

        boolean settled() throws Exception {
            if (probe == null) {
                return true;
            }
            long now = System.nanoTime();
            if (samples.isEmpty() || now - samples.peekLast()[0] >= 1_000_000_000L) {
                samples.addLast(new long[] {now, probe.compilationMillis()});
            }
            while (samples.size() > 1 && now - samples.peekFirst()[0] > JIT_WINDOW.toNanos() + 1_000_000_000L) {
                samples.removeFirst();
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            double window = (last[0] - first[0]) / 1e6;
            return window >= JIT_WINDOW.toMillis() && (last[1] - first[1]) < JIT_SETTLED_SHARE * window;
        }
    }
}
