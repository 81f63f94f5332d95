package io.statusflow.domain;

import java.util.List;
import java.util.Optional;

/**
 * A command as read from the wire: every field has the right JSON type, but nothing is
 * validated yet. Absent and null fields are empty. The state machine validates it.
 */
public record RawCommand(
        String commandId,
        Optional<String> tenantId,
        Optional<RawTarget> target,
        Optional<String> action,
        Optional<String> reason,
        Optional<String> status,
        Optional<String> identifier,
        Optional<String> validUntil,
        Optional<Long> expectedVersion,
        Optional<RawActor> actor,
        Optional<String> issuedAt) {

    /** {@code target} as read. */
    public record RawTarget(Optional<String> type, Optional<String> id) {}

    /** {@code actor} as read. */
    public record RawActor(Optional<String> id, Optional<String> type, List<String> roles) {
        public RawActor {
            roles = List.copyOf(roles);
        }
    }
}
