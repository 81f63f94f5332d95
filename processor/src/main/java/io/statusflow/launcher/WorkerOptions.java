package io.statusflow.launcher;

import io.statusflow.domain.Rules;
import io.statusflow.domain.TokenVerifier;
import io.statusflow.schema.ActorType;
import io.statusflow.ssf.OutboxSettings;
import io.statusflow.topology.OutputPartitioning;
import io.statusflow.topology.Topics;
import io.statusflow.topology.WorkerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The topology's settings that the operator chooses, read and checked with the rest. The ones the
 * cluster decides (the commands topic's partitions, the largest record) are added once they are
 * known, by {@link #settings}, which makes the worker's settings in one step.
 */
public record WorkerOptions(Topics topics, Rules rules, Duration idempotencyWindow, int maxCommandBytes,
        Duration expiryScanInterval, int cascadeChunk, Duration cascadeInterval, OutputPartitioning outputPartitioning) {

    static WorkerOptions parse(Settings s) throws UsageException {
        Set<ActorType> exempt;
        try {
            exempt = Rules.exempt(s.get(Setting.RATE_LIMIT_EXEMPT).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for " + Setting.RATE_LIMIT_EXEMPT.option() + ": '" + e.getMessage()
                    + "' is not one of user, service, sync");
        }
        Rules rules = new Rules(s.positive(Setting.RATE_LIMIT), exempt, Rules.defaults().rateWindow());
        int maxCommandBytes = s.positive(Setting.MAX_COMMAND_BYTES);
        if (maxCommandBytes > WorkerSettings.MAX_MAX_COMMAND_BYTES) {
            throw new UsageException("invalid value for " + Setting.MAX_COMMAND_BYTES.option() + ": " + maxCommandBytes
                    + " (at most " + WorkerSettings.MAX_MAX_COMMAND_BYTES + ")");
        }
        String partitioning = s.require(Setting.OUTPUT_PARTITIONING);
        OutputPartitioning output = OutputPartitioning.fromWire(partitioning).orElseThrow(() -> new UsageException(
                "invalid value for " + Setting.OUTPUT_PARTITIONING.option() + ": '" + partitioning + "' is not tenant or key"));
        return new WorkerOptions(s.topics(), rules, s.duration(Setting.IDEMPOTENCY_WINDOW), maxCommandBytes,
                s.duration(Setting.EXPIRY_SCAN_INTERVAL), s.positive(Setting.CASCADE_CHUNK),
                s.duration(Setting.CASCADE_INTERVAL), output);
    }

    /**
     * The worker's settings: these options, and what the cluster and the other parts decided.
     *
     * @param commandPartitions the commands topic's partition count, which decides the partition owning a tenant
     * @param maxRecordBytes the most a record the worker writes may take (producer and dead-letter topic)
     */
    public WorkerSettings settings(int commandPartitions, int maxRecordBytes, Optional<OutboxSettings> ssf,
            Optional<TokenVerifier> tokens) {
        return new WorkerSettings(topics, rules, idempotencyWindow, maxCommandBytes, expiryScanInterval, cascadeChunk,
                cascadeInterval, outputPartitioning, commandPartitions, maxRecordBytes, ssf, tokens);
    }
}
