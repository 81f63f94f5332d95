package io.statusflow.domain;

import io.statusflow.schema.ActorType;
import java.time.Duration;
import java.util.Set;

/** The configurable parts of validation. */
public record Rules(int commandsPerMinute, Set<ActorType> rateLimitExempt, Duration rateWindow) {

    public static final int DEFAULT_COMMANDS_PER_MINUTE = 600;
    /** Actor types without a rate limit, as an option names them. */
    public static final String DEFAULT_EXEMPT = "sync,service";

    public Rules {
        rateLimitExempt = Set.copyOf(rateLimitExempt);
        if (commandsPerMinute < 1) {
            throw new IllegalArgumentException("commands per minute must be at least 1");
        }
    }

    public static Rules defaults() {
        return new Rules(DEFAULT_COMMANDS_PER_MINUTE, exempt(DEFAULT_EXEMPT),
                Duration.ofMinutes(1));
    }

    public Rules withCommandsPerMinute(int limit) {
        return new Rules(limit, rateLimitExempt, rateWindow);
    }

    /** Actor types named as in an option: comma-separated, blanks ignored; an unknown name is the exception's message. */
    public static Set<ActorType> exempt(String names) {
        Set<ActorType> types = java.util.EnumSet.noneOf(ActorType.class);
        for (String t : names.split(",")) {
            if (!t.isBlank()) {
                try {
                    types.add(ActorType.valueOf(t.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(t.strip(), e);
                }
            }
        }
        return types;
    }
}
