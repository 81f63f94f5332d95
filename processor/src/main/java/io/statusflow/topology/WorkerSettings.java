package io.statusflow.topology;

import io.statusflow.domain.Rules;
import java.time.Duration;

/** What the topology needs to know: topics, validation rules, idempotency window, size limit, output partitioning. */
public record WorkerSettings(Topics topics, Rules rules, Duration idempotencyWindow, int maxCommandBytes,
        Duration expiryScanInterval, int cascadeChunk, Duration cascadeInterval,
        OutputPartitioning outputPartitioning) {

    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_MAX_COMMAND_BYTES = 64 * 1024;
    public static final Duration DEFAULT_EXPIRY_SCAN_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_CASCADE_CHUNK = 250;
    public static final Duration DEFAULT_CASCADE_INTERVAL = Duration.ofMillis(10);

    public static WorkerSettings defaults() {
        return new WorkerSettings(Topics.defaults(), Rules.defaults(), DEFAULT_IDEMPOTENCY_WINDOW,
                DEFAULT_MAX_COMMAND_BYTES, DEFAULT_EXPIRY_SCAN_INTERVAL, DEFAULT_CASCADE_CHUNK, DEFAULT_CASCADE_INTERVAL,
                OutputPartitioning.TENANT);
    }

    public WorkerSettings withRules(Rules newRules) {
        return new WorkerSettings(topics, newRules, idempotencyWindow, maxCommandBytes, expiryScanInterval,
                cascadeChunk, cascadeInterval, outputPartitioning);
    }

    public WorkerSettings withExpiryScanInterval(Duration interval) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, interval, cascadeChunk,
                cascadeInterval, outputPartitioning);
    }

    public WorkerSettings withCascadeChunk(int chunk) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, chunk,
                cascadeInterval, outputPartitioning);
    }
}
