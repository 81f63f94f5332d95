package io.statusflow.domain;

import io.statusflow.schema.ActorType;
import java.time.Duration;
import java.util.Set;

/** The configurable parts of validation. */
public record Rules(int commandsPerMinute, Set<ActorType> rateLimitExempt, Duration rateWindow) {

    public static final int DEFAULT_COMMANDS_PER_MINUTE = 600;

    public Rules {
        rateLimitExempt = Set.copyOf(rateLimitExempt);
        if (commandsPerMinute < 1) {
            throw new IllegalArgumentException("commands per minute must be at least 1");
        }
    }

    public static Rules defaults() {
        return new Rules(DEFAULT_COMMANDS_PER_MINUTE, Set.of(ActorType.sync, ActorType.service),
                Duration.ofMinutes(1));
    }

    public Rules withCommandsPerMinute(int limit) {
        return new Rules(limit, rateLimitExempt, rateWindow);
    }
}
