package io.statusflow.domain;

import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Who may do what (docs/contract.md, "Who may do what"): the 403 step, checked before existence. */
final class Authorizer {

    private static final Set<Action> SYNC_ACTIONS = EnumSet.of(Action.REGISTER, Action.ACTIVATE,
            Action.DEACTIVATE, Action.MARK_PENDING_DELETE, Action.DELETE);

    private Authorizer() {}

    /** Empty when allowed, else the reason for the refusal. */
    /** @param tenant the command's tenant, if registered (read once by the caller) */
    static Optional<String> refusal(Command cmd, ActorRef actor, Optional<Entity> tenant, EntityView state, Instant now) {
        EntityType type = cmd.target().type();
        if (type == EntityType.tenant) {
            return Roles.platformService(actor)
                    ? Optional.empty()
                    : Optional.of("Platform-admin privileges required to modify tenant status");
        }
        String adminRequired = "Admin privileges required to modify " + type.name() + " status";
        return switch (actor.type()) {
            case service -> actor.hasRole(Roles.ADMIN) || Roles.platformService(actor)
                    ? Optional.empty() : Optional.of(adminRequired);
            case sync -> SYNC_ACTIONS.contains(cmd.action())
                    ? Optional.empty()
                    : Optional.of("Directory synchronization may not " + cmd.action().wire() + " a " + type.name());
            case user -> {
                if (!actor.hasRole(Roles.ADMIN)) {
                    yield Optional.of(adminRequired);
                }
                yield activeUser(cmd.tenantId(), actor.id(), tenant, state, now)
                        ? Optional.empty()
                        : Optional.of("Actor " + actor.id() + " is not an active user of tenant " + cmd.tenantId());
            }
        };
    }

    /** A user actor must be registered and active, in a tenant that is itself fine, right now. */
    static boolean activeUser(String tenantId, String actorId, Optional<Entity> tenant, EntityView state,
            Instant now) {
        if (tenant.isEmpty() || !AccessRules.tenantFine(tenant.get().status(), tenant.get().validUntil(), now)) {
            return false;
        }
        return Lookup.user(tenantId, actorId, state).filter(u -> u.status() == Status.active).isPresent();
    }
}
