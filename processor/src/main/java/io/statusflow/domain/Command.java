package io.statusflow.domain;

import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * A command whose fields passed the shape checks (the 400s that need no state). The actor may
 * still be missing: that is a 401, decided after the shape.
 */
public record Command(
        String commandId,
        EntityKey target,
        Action action,
        Optional<String> reason,
        Optional<Status> status,
        Optional<String> identifier,
        Optional<Instant> validUntil,
        Optional<Long> expectedVersion,
        Optional<ActorRef> actor) {

    public String tenantId() {
        return target.tenantId();
    }
}
