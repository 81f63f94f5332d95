package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * The answer to one command, as published on the results topic and kept for the idempotency
 * window: a sender matches it by {@code commandId}, and a repeated command gets it again.
 * {@code field} is the command field a rejection is about, by its name in the command, when it is
 * about one; {@code message} then starts with that name.
 */
public record Result(
        String commandId,
        Echo echo,
        Outcome outcome,
        int code,
        Optional<String> error,
        String message,
        Optional<String> field,
        Optional<Entity> entity,
        boolean duplicate,
        Instant processedAt) {

    /** The command fields a result repeats, as far as they could be read. */
    public record Echo(Optional<String> tenantId, Optional<EntityType> targetType, Optional<String> targetId,
            Optional<String> action) {

        /** Nothing of the command could be read but its id. */
        public static final Echo NONE = new Echo(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        /** What can be read of a command whose fields have the right JSON types. */
        public static Echo of(RawCommand raw) {
            Optional<EntityType> type = raw.target().flatMap(RawCommand.RawTarget::type).flatMap(t -> {
                for (EntityType e : EntityType.values()) {
                    if (e.name().equals(t)) {
                        return Optional.of(e);
                    }
                }
                return Optional.empty();
            });
            Optional<String> id = raw.target().flatMap(RawCommand.RawTarget::id);
            return new Echo(raw.tenantId(), type, type.isPresent() ? id : Optional.empty(), raw.action());
        }
    }

    /** The same answer given again to a command already answered. */
    public Result asDuplicate() {
        return new Result(commandId, echo, outcome, code, error, message, field, entity, true, processedAt);
    }
}
