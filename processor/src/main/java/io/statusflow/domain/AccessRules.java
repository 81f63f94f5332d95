package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.Optional;

/** Derives access, which is never sent in a command (docs/contract.md, "Events"). */
public final class AccessRules {

    private AccessRules() {}

    /** A tenant is fine while it is active and its subscription has not ended. */
    public static boolean tenantFine(Status status, Optional<Instant> validUntil, Instant now) {
        return status == Status.active && validUntil.map(v -> v.isAfter(now)).orElse(true);
    }

    /**
     * @param tenant the member's tenant; ignored for a tenant, whose access depends on itself
     */
    public static Access access(EntityType type, Status status, Optional<Instant> ownValidUntil,
            Optional<Entity> tenant, Instant now) {
        if (type == EntityType.tenant) {
            return tenantFine(status, ownValidUntil, now) ? Access.full : Access.none;
        }
        boolean fine = tenant.filter(t -> tenantFine(t.status(), t.validUntil(), now)).isPresent();
        if (!fine) {
            return Access.none;
        }
        return switch (status) {
            case active -> Access.full;
            case risky -> Access.restricted;
            case pending, inactive, suspended, pending_delete, deleted -> Access.none;
        };
    }
}
