package io.statusflow.bench;

import io.statusflow.testkit.WorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts what is measured, each in a JVM of its own with the same heap: the statusflow jar as an
 * operator runs it, or one of the {@link Reference} applications it is measured against. A run's output topics are named after it.
 */
final class Workers {

    private final Kafka kafka;
    private final Path dir;
    private final List<String> jvm;
    private final int streamThreads;
    private final List<String> config;

    /**
     * {@code streamThreads} 0 leaves statusflow's default, and gives the ceiling as many as statusflow's default
     * gives it; {@code config} lines ({@code key=value}) go to statusflow's configuration file.
     */
    Workers(Kafka kafka, Path dir, List<String> jvm, int streamThreads, List<String> config) {
        this.kafka = kafka;
        this.dir = dir;
        this.jvm = jvm;
        this.streamThreads = streamThreads;
        this.config = List.copyOf(config);
    }

    /** Output topics of the run called {@code name}. */
    record Run(String name, String input) {
        String results() {
            return name + ".results";
        }

        String events() {
            return name + ".events";
        }

        String current() {
            return name + ".current";
        }

        String deadLetters() {
            return name + ".dlq";
        }

        String passthrough() {
            return name + ".out";
        }

        /** statusflow's reroute topic: of the run's own, since runs share a broker and read from the beginning. */
        String rerouted() {
            return name + ".rerouted";
        }

        List<String> outputs() {
            return List.of(results(), events(), current(), deadLetters(), passthrough(), rerouted());
        }

        /**
         * The topics a {@link Reference} in {@code mode} writes: the shape statusflow's three, the others one; the
         * first is counted. The contract's fourth is its second input, as statusflow's rerouted topic.
         */
        List<String> referenceOutputs(String mode) {
            return switch (mode) {
                case Reference.SHAPE -> List.of(results(), events(), current());
                case Reference.CONTRACT -> List.of(results(), events(), current(), rerouted());
                default -> List.of(passthrough());
            };
        }
    }

    /** What statusflow runs with when not told otherwise: one stream thread per core (see Settings). */
    static final int STATUSFLOW_DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

    Path stateDir(Run run) {
        return dir.resolve("state").resolve(run.name());
    }

    WorkerProcess statusflow(Run run, String guarantee, int commitMs, String... extra) {
        return statusflow(WorkerProcess.JAR, run, stateDir(run), List.of(), guarantee, commitMs, extra);
    }

    /** {@code run} on another build's jar. */
    WorkerProcess statusflow(Path jar, Run run, String guarantee, int commitMs) {
        return statusflow(jar, run, stateDir(run), List.of(), guarantee, commitMs);
    }

    /** One of several instances of {@code run}: its own state directory, and more configuration lines. */
    WorkerProcess statusflow(Run run, Path stateDir, List<String> moreConfig, String guarantee, int commitMs, String... extra) {
        return statusflow(WorkerProcess.JAR, run, stateDir, moreConfig, guarantee, commitMs, extra);
    }

    private WorkerProcess statusflow(Path jar, Run run, Path stateDir, List<String> moreConfig, String guarantee, int commitMs,
            String... extra) {
        Path file = dir.resolve(stateDir.getFileName() + ".properties");
        List<String> lines = new ArrayList<>(List.of("commit.interval.ms=" + commitMs));
        if (streamThreads > 0) {
            lines.add("num.stream.threads=" + streamThreads);
        }
        lines.addAll(config);
        lines.addAll(moreConfig);
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrap(), "--application-id", run.name(),
                "--state-dir", stateDir.toString(), "--config", file.toString(),
                "--processing-guarantee", guarantee, "--partitions", Integer.toString(kafka.partitions()),
                "--replication-factor", "1", "--commands-topic", run.input(), "--results-topic", run.results(),
                "--events-topic", run.events(), "--current-topic", run.current(), "--dlq-topic", run.deadLetters(),
                "--rerouted-topic", run.rerouted()));
        if (!List.of(extra).contains("--http-port")) {
            args.add("--no-http");
        }
        args.addAll(List.of(extra));
        return WorkerProcess.start(jar, dir, jvm, args.toArray(String[]::new));
    }

    /** One of the {@link Reference} applications ({@code mode}) on {@code run}'s input, writing to {@link Run#referenceOutputs}. */
    WorkerProcess reference(Run run, String mode, String guarantee, int commitMs) throws Exception {
        List<String> outputs = run.referenceOutputs(mode);
        kafka.create(outputs);
        return WorkerProcess.startMain(dir, jvm, Reference.class.getName(), mode, kafka.bootstrap(), run.name(),
                stateDir(run).toString(), run.input(), String.join(",", outputs), guarantee, Integer.toString(commitMs),
                Integer.toString(streamThreads > 0 ? streamThreads : STATUSFLOW_DEFAULT_THREADS));
    }

    /** Deletes finished runs' topics (their changelogs too: all are named after the run) and state, to keep the disk. */
    void discard(Run... runs) throws Exception {
        kafka.delete(java.util.Arrays.stream(runs).map(Run::name).toList());
        for (Run run : runs) {
            ProcessStats.delete(stateDir(run));
        }
    }

    /** Fails the wait at once when the process has died, with its output. */
    static Kafka.WorkerProbe alive(WorkerProcess p) {
        return () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the process under test exited:\n" + tail(p.output()));
            }
        };
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
