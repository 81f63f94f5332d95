package io.statusflow.topology;

import io.statusflow.domain.Rules;
import java.time.Duration;

/** What the topology needs to know: topics, validation rules, idempotency window, size limit. */
public record WorkerSettings(Topics topics, Rules rules, Duration idempotencyWindow, int maxCommandBytes) {

    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_MAX_COMMAND_BYTES = 64 * 1024;

    public static WorkerSettings defaults() {
        return new WorkerSettings(Topics.defaults(), Rules.defaults(), DEFAULT_IDEMPOTENCY_WINDOW,
                DEFAULT_MAX_COMMAND_BYTES);
    }

    public WorkerSettings withRules(Rules newRules) {
        return new WorkerSettings(topics, newRules, idempotencyWindow, maxCommandBytes);
    }
}
