package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Access is derived, never sent: full for an active entity of an active, unexpired tenant,
 * restricted for a risky one, none otherwise (docs/contract.md, "Events").
 */
class AccessTest {

    private static final Instant NOW = Domain.T0;
    private static final Map<Status, Access> OF_A_MEMBER_OF_A_FINE_TENANT = Map.of(
            Status.active, Access.full, Status.risky, Access.restricted, Status.pending, Access.none,
            Status.inactive, Access.none, Status.suspended, Access.none, Status.pending_delete, Access.none,
            Status.deleted, Access.none);

    private static Entity tenant(Status status, Optional<Instant> validUntil) {
        return new Entity(EntityKey.tenant("t1"), Optional.empty(), status, Access.full, Optional.empty(),
                Optional.empty(), validUntil, 1, NOW, NOW, Optional.empty(), 0);
    }

    @Test
    void a_member_of_a_fine_tenant_has_the_access_of_its_status() {
        for (EntityType type : new EntityType[] {EntityType.user, EntityType.client}) {
            for (Status status : Status.values()) {
                assertEquals(OF_A_MEMBER_OF_A_FINE_TENANT.get(status), AccessRules.access(type, status, Optional.empty(),
                        Optional.of(tenant(Status.active, Optional.empty())), NOW), type + " " + status);
            }
        }
    }

    @Test
    void a_member_of_an_inactive_expired_or_missing_tenant_has_none() {
        for (Optional<Entity> tenant : java.util.List.of(Optional.of(tenant(Status.inactive, Optional.empty())),
                Optional.of(tenant(Status.suspended, Optional.empty())),
                Optional.of(tenant(Status.active, Optional.of(NOW))), Optional.<Entity>empty())) {
            for (Status status : Status.values()) {
                assertEquals(Access.none, AccessRules.access(EntityType.user, status, Optional.empty(), tenant, NOW),
                        status + " in " + tenant);
            }
        }
    }

    @Test
    void a_tenant_has_full_access_while_active_and_before_its_subscription_ends() {
        assertEquals(Access.full, AccessRules.access(EntityType.tenant, Status.active, Optional.empty(), Optional.empty(), NOW));
        assertEquals(Access.full, AccessRules.access(EntityType.tenant, Status.active,
                Optional.of(NOW.plusMillis(1)), Optional.empty(), NOW));
        assertEquals(Access.none, AccessRules.access(EntityType.tenant, Status.active, Optional.of(NOW), Optional.empty(), NOW));
        assertEquals(Access.none, AccessRules.access(EntityType.tenant, Status.risky, Optional.empty(), Optional.empty(), NOW));
        assertEquals(Access.none, AccessRules.access(EntityType.tenant, Status.inactive, Optional.empty(), Optional.empty(), NOW));
    }
}
