package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The state machine's answer to one command: the result's fields, the events to publish and the
 * state writes that go with them. A refusal is a decision too, never an exception.
 */
public record Decision(
        Outcome outcome,
        int code,
        Optional<String> error,
        String message,
        Echo echo,
        Optional<Entity> entity,
        List<Event> events,
        List<Change> changes) {

    public Decision {
        events = List.copyOf(events);
        changes = List.copyOf(changes);
    }

    /** The command fields a result repeats, as far as they could be read. */
    public record Echo(Optional<String> tenantId, Optional<EntityType> targetType,
            Optional<String> targetId, Optional<String> action) {}
}
