package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import java.time.Instant;

/**
 * Who may read an entity's status, beside {@link Authorizer}'s rule for commands and with the same
 * notions: a platform-admin or a holder of seed 002's View permission reads any tenant; a service
 * admin reads users and clients; a user admin reads its own tenant while it is an active user of a
 * tenant that is fine, found by id or identifier as for a command. Directory synchronization reads
 * nothing.
 */
public final class ReadRule {

    private ReadRule() {}

    public static boolean mayRead(ActorRef actor, String tenantId, EntityType type, EntityView state, Instant now) {
        if (Roles.platformRole(actor) || actor.hasRole(Roles.VIEW_PERMISSION)) {
            return true;
        }
        if (!actor.hasRole(Roles.ADMIN)) {
            return false;
        }
        return switch (actor.type()) {
            case service -> type != EntityType.tenant;
            case sync -> false;
            case user -> Authorizer.activeUser(tenantId, actor.id(),
                    Lookup.live(EntityKey.tenant(tenantId), state), state, now);
        };
    }
}
