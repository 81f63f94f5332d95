package io.statusflow.client;

import io.statusflow.schema.EntityType;
import java.util.HashMap;
import java.util.Map;

/** One tenant in an {@link AccessView}: its own state, its users and clients, and its users' identifiers. */
final class TenantState {

    final String tenantId;
    long tenant;
    final IdTable users = new IdTable();
    final IdTable clients = new IdTable();
    /** identifier -> user id, for users that have one; read under the view's read lock only. */
    final Map<String, String> identifiers = new HashMap<>();

    TenantState(String tenantId) {
        this.tenantId = tenantId;
    }

    IdTable members(EntityType type) {
        return type == EntityType.user ? users : clients;
    }

    long approximateBytes() {
        // Per slot: a reference, a hash and a long; the ids' Strings are counted by the view.
        long bytes = 64L + 16L * (users.capacity() + clients.capacity()) + 96L * identifiers.size();
        return bytes;
    }
}
