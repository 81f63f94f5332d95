package io.statusflow.launcher;

import io.statusflow.topology.RocksDbMemory;
import io.statusflow.topology.StatusTopology;
import io.statusflow.topology.WorkerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the topology until it is stopped or fails; logs one "statusflow ready" line once processing. */
final class Worker implements AutoCloseable {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final KafkaStreams streams;
    private final RocksDbMemory rocksDbMemory;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger exitCode = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> firstRunning = new CompletableFuture<>();

    Worker(WorkerSettings settings, Properties streamsProps, long rocksDbMemoryBytes,
            io.statusflow.topology.CommandObserver observer) {
        Topology topology = StatusTopology.build(settings, observer);
        log.debug("topology:\n{}", topology.describe());
        this.rocksDbMemory = new RocksDbMemory(rocksDbMemoryBytes);
        Properties props = new Properties();
        props.putAll(streamsProps);
        props.put(RocksDbMemory.CONFIG, rocksDbMemory);
        this.streams = new KafkaStreams(topology, props);
        streams.setGlobalStateRestoreListener(new RestoreLog());
        String description = "application " + streamsProps.getProperty("application.id") + " on "
                + streamsProps.getProperty("bootstrap.servers") + ", commands from " + settings.topics().commands().name()
                + ", outputs partitioned by " + settings.outputPartitioning().wire();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && ready.compareAndSet(false, true)) {
                log.info("statusflow ready: {}", description);
                firstRunning.complete(null);
            }
            if (now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.ERROR) {
                exitCode.set(1);
                stopped.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            exitCode.set(1);
            log.error("a stream thread failed; stopping the worker", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    KafkaStreams streams() {
        return streams;
    }

    boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Completes, on the thread that reports it, when the worker first runs: its stores can be read. */
    CompletableFuture<Void> firstRunning() {
        return firstRunning;
    }

    void start() {
        streams.start();
    }

    /** Makes {@link #awaitStop} return, as a requested stop (exit code 0 unless it already failed). */
    void requestStop() {
        stopped.countDown();
    }

    /** What made a stream thread fail, if one did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Blocks until the worker stops; returns its exit code. */
    int awaitStop() throws InterruptedException {
        stopped.await();
        return exitCode.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // Leave the group so that a restarted or remaining instance takes over at once, not after the session timeout.
            boolean stoppedInTime = streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(true));
            // Stores still open would use the budget after it is freed; a process that ends frees it anyway.
            if (stoppedInTime) {
                rocksDbMemory.close();
            }
            stopped.countDown();
        }
    }
}
