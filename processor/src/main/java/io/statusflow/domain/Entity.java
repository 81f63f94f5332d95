package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of one entity as the worker keeps it. A deleted entity stays as a marker with status
 * {@code deleted}, so that a later registration continues its version instead of repeating it.
 * {@code access} is the access last published for it.
 */
public record Entity(
        EntityKey key,
        Optional<String> identifier,
        Status status,
        Access access,
        Optional<String> reason,
        Optional<DisabledBy> disabledBy,
        Optional<Instant> validUntil,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> updatedBy,
        long memberCount) {

    public boolean isDeleted() {
        return status == Status.deleted;
    }

    public boolean isDisabledBySync() {
        return disabledBy.filter(d -> d == DisabledBy.sync).isPresent()
                && (status == Status.inactive || status == Status.suspended);
    }

    public StatusAccessPair statusAccess() {
        return new StatusAccessPair(status, access);
    }

    public Entity withMemberCount(long count) {
        return new Entity(key, identifier, status, access, reason, disabledBy, validUntil, version,
                createdAt, updatedAt, updatedBy, count);
    }
}
