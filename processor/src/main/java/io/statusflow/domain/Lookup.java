package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import java.util.Optional;

/** Finds live entities, resolving a user's identifier alias when its id is unknown. */
final class Lookup {

    private Lookup() {}

    static Optional<Entity> live(EntityKey key, EntityView state) {
        return state.entity(key).filter(e -> !e.isDeleted());
    }

    static Optional<Entity> user(String tenantId, String idOrIdentifier, EntityView state) {
        Optional<Entity> byId = live(new EntityKey(tenantId, EntityType.user, idOrIdentifier), state);
        if (byId.isPresent()) {
            return byId;
        }
        return state.userIdByIdentifier(tenantId, idOrIdentifier)
                .flatMap(id -> live(new EntityKey(tenantId, EntityType.user, id), state));
    }

    static Optional<Entity> target(EntityKey key, EntityView state) {
        return key.type() == EntityType.user ? user(key.tenantId(), key.id(), state) : live(key, state);
    }
}
