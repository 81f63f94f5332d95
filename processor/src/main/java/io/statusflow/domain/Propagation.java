package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import java.time.Instant;
import java.util.Optional;

/**
 * Brings one entity's published access in line with what its tenant now implies: the step of a
 * tenant cascade, and of a subscription's expiry. Convergent: applying it twice, or after a
 * command already did, changes nothing, so a cascade may restart or resume without doubling.
 */
public final class Propagation {

    /** The entity with its new access, and the event that says so. */
    public record Reconciled(Entity entity, Event event) {}

    private Propagation() {}

    /**
     * @param tenant the member's tenant (ignored when {@code entity} is the tenant itself)
     * @return empty when the access published for the entity is already right
     */
    public static Optional<Reconciled> reconcile(Entity entity, Optional<Entity> tenant, Instant now, Trigger trigger) {
        if (entity.isDeleted()) {
            return Optional.empty();
        }
        Access access = AccessRules.access(entity.key().type(), entity.status(), entity.validUntil(), tenant, now);
        if (access == entity.access()) {
            return Optional.empty();
        }
        boolean isTenant = entity.key().type() == EntityType.tenant;
        Entity next = new Entity(entity.key(), entity.identifier(), entity.status(), access, entity.reason(),
                entity.disabledBy(), entity.validUntil(), Math.addExact(entity.version(), 1), entity.createdAt(), now,
                trigger.actor().map(ActorRef::id).or(entity::updatedBy), entity.memberCount());
        Event event = new Event(entity.key(), Optional.of(entity.statusAccess()), next.statusAccess(),
                isTenant ? Cause.SUBSCRIPTION_EXPIRED : Cause.TENANT_CASCADE, trigger.commandId(), trigger.actor(),
                trigger.reason(), isTenant ? entity.validUntil() : Optional.empty(), next.version(), now);
        return Optional.of(new Reconciled(next, event));
    }

    /** A tenant whose subscription has ended and whose published access does not say so yet. */
    public static boolean expired(Entity tenant, Instant now) {
        return !tenant.isDeleted() && tenant.validUntil().filter(v -> !v.isAfter(now)).isPresent()
                && tenant.access() != Access.none;
    }
}
