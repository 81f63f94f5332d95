package io.statusflow.topology;

import io.statusflow.domain.Rules;
import io.statusflow.domain.TokenVerifier;
import io.statusflow.ssf.OutboxSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * What the topology needs to know: topics, validation rules, idempotency window, size limits,
 * output partitioning, and the partition count of the commands topic, which decides the partition
 * that owns a tenant (1: every command is on its owner's partition, as in a test driver).
 * {@code maxRecordBytes} is the most a record the worker writes may take (the producer's and the
 * dead-letter topic's limit): a dead letter is cut to fit it. {@code tokens} verifies commands'
 * tokens in token mode; empty in trusted mode.
 */
public record WorkerSettings(Topics topics, Rules rules, Duration idempotencyWindow, int maxCommandBytes,
        Duration expiryScanInterval, int cascadeChunk, Duration cascadeInterval,
        OutputPartitioning outputPartitioning, int commandPartitions, int maxRecordBytes,
        Optional<OutboxSettings> ssf, Optional<TokenVerifier> tokens) {

    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_MAX_COMMAND_BYTES = 64 * 1024;
    /** Commands larger than this cannot be allowed: their results and stored answers repeat their fields. */
    public static final int MAX_MAX_COMMAND_BYTES = 256 * 1024;
    public static final Duration DEFAULT_EXPIRY_SCAN_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_CASCADE_CHUNK = 250;
    public static final Duration DEFAULT_CASCADE_INTERVAL = Duration.ofMillis(10);
    /** Kafka's producer default of max.request.size. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public static WorkerSettings defaults() {
        return new WorkerSettings(Topics.defaults(), Rules.defaults(), DEFAULT_IDEMPOTENCY_WINDOW,
                DEFAULT_MAX_COMMAND_BYTES, DEFAULT_EXPIRY_SCAN_INTERVAL, DEFAULT_CASCADE_CHUNK, DEFAULT_CASCADE_INTERVAL,
                OutputPartitioning.TENANT, 1, DEFAULT_MAX_RECORD_BYTES, Optional.empty(), Optional.empty());
    }

    public WorkerSettings withRules(Rules newRules) {
        return new WorkerSettings(topics, newRules, idempotencyWindow, maxCommandBytes, expiryScanInterval,
                cascadeChunk, cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, ssf, tokens);
    }

    public WorkerSettings withExpiryScanInterval(Duration interval) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, interval, cascadeChunk,
                cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, ssf, tokens);
    }

    public WorkerSettings withCascadeChunk(int chunk) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, chunk,
                cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, ssf, tokens);
    }

    /** As the commands topic of the cluster is: its partition count, and the most a written record may take. */
    public WorkerSettings withCluster(int partitions, int recordBytes) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, cascadeChunk,
                cascadeInterval, outputPartitioning, partitions, recordBytes, ssf, tokens);
    }

    /** With commands' actors from their tokens ({@code --command-auth token}), verified by {@code verifier}. */
    public WorkerSettings withTokens(TokenVerifier verifier) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, cascadeChunk,
                cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, ssf, Optional.of(verifier));
    }

    /** With SETs queued for Shared Signals streams. */
    public WorkerSettings withSsf(OutboxSettings outbox) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, cascadeChunk,
                cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, Optional.of(outbox), tokens);
    }
}
