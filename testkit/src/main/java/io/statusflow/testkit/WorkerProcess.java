package io.statusflow.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The runnable jar (or another main class of this classpath) in its own JVM, as an operator starts it. */
public final class WorkerProcess implements AutoCloseable {

    /** Set by Failsafe; benchmark programs run from the repository root or the module find it too. */
    public static final Path JAR = Path.of(System.getProperty("statusflow.jar",
            Files.exists(Path.of("processor/target/statusflow.jar")) ? "processor/target/statusflow.jar" : "target/statusflow.jar"));

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static WorkerProcess start(Path workDir, String... args) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        String extra = System.getProperty("statusflow.worker.jvmArgs", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.strip().split("\\s+")));
        }
        return start(workDir, jvm, args);
    }

    /** The jar with these JVM options (heap, GC, ...). */
    public static WorkerProcess start(Path workDir, List<String> jvmArgs, String... args) {
        return start(JAR, workDir, jvmArgs, args);
    }

    /** Another build's jar (a benchmark's baseline) with these JVM options. */
    public static WorkerProcess start(Path jar, Path workDir, List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return launch(workDir, cmd);
    }

    /** Another main class of this JVM's classpath, in a JVM of its own. */
    public static WorkerProcess startMain(Path workDir, List<String> jvmArgs, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return launch(workDir, cmd);
    }

    private static WorkerProcess launch(Path workDir, List<String> args) {
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, "worker", ".log");
            // The child's temporary files (RocksDB's native library among them) go where this JVM's go: a killed
            // worker cannot delete them, and the build empties that directory.
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new WorkerProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far, all its threads. */
    public java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public WorkerProcess awaitReady() {
        await("statusflow ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> output().contains("statusflow ready") || !process.isAlive());
        if (!output().contains("statusflow ready")) {
            throw new AssertionError("worker exited before it was ready:\n" + output());
        }
        return this;
    }

    /** The HTTP port the worker logged, once it is ready. */
    public int httpPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP API listening on port (\\d+)").matcher(output());
        if (!m.find()) {
            throw new AssertionError("no HTTP port in the output:\n" + output());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The management port the worker logged, once it is ready. */
    public int managementPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("management endpoints listening on port (\\d+)").matcher(output());
        if (!m.find()) {
            throw new AssertionError("no management port in the output:\n" + output());
        }
        return Integer.parseInt(m.group(1));
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, then the exit code; fails if it takes longer than 30 seconds. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker did not stop within 30 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; its exit code, or empty if it still runs after {@code timeout}. */
    public java.util.Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.Optional.of(process.exitValue()) : java.util.Optional.empty();
    }

    /** SIGKILL: the worker gets no chance to commit, close or checkpoint. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
