package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statusflow.schema.Access;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who may read status, on an in-memory state, with the cases the command rule has: a user admin
 * reads only while it is an active user of a tenant that is active and unexpired, found by id or
 * by identifier.
 */
class ReadRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final MemoryState state = new MemoryState();
    private final Map<String, Entity> entities = state.entities;
    private final Map<String, String> aliases = state.identifiers;

    private void put(String tenant, EntityType type, String id, Status status, Optional<Instant> validUntil) {
        EntityKey key = new EntityKey(tenant, type, id);
        entities.put(key.value(), new Entity(key, Optional.empty(), status, Access.full, Optional.empty(), Optional.empty(),
                validUntil, 1, NOW, NOW, Optional.empty(), 0));
    }

    private boolean mayRead(ActorRef actor, String tenant, EntityType type) {
        return ReadRule.mayRead(actor, tenant, type, state, NOW);
    }

    private static ActorRef actor(String id, ActorType type, String... roles) {
        return new ActorRef(id, type, List.of(roles));
    }

    @Test
    void platform_admins_and_the_view_permission_read_every_tenant_and_type() {
        for (EntityType type : EntityType.values()) {
            assertEquals(true, mayRead(actor("p", ActorType.service, "platform-admin"), "acme", type));
            assertEquals(true, mayRead(actor("v", ActorType.user, "Permissions.Multitenancy.View"), "acme", type));
        }
    }

    @Test
    void a_service_admin_reads_users_and_clients_but_not_tenants_and_sync_reads_nothing() {
        assertEquals(true, mayRead(actor("s", ActorType.service, "ADMIN"), "acme", EntityType.user));
        assertEquals(true, mayRead(actor("s", ActorType.service, "admin"), "acme", EntityType.client));
        assertEquals(false, mayRead(actor("s", ActorType.service, "admin"), "acme", EntityType.tenant));
        assertEquals(false, mayRead(actor("scim", ActorType.sync, "admin"), "acme", EntityType.user));
        assertEquals(false, mayRead(actor("r", ActorType.service, "viewer"), "acme", EntityType.user));
    }

    @Test
    void a_user_admin_reads_its_own_tenant_only_while_active_in_a_tenant_that_is_fine() {
        ActorRef alice = actor("alice", ActorType.user, "admin");
        put("acme", EntityType.tenant, "acme", Status.active, Optional.empty());
        put("acme", EntityType.user, "alice", Status.active, Optional.empty());
        assertEquals(true, mayRead(alice, "acme", EntityType.client));
        assertEquals(false, mayRead(alice, "globex", EntityType.client), "another tenant");

        put("acme", EntityType.user, "alice", Status.suspended, Optional.empty());
        assertEquals(false, mayRead(alice, "acme", EntityType.client), "a suspended admin");
        put("acme", EntityType.user, "alice", Status.active, Optional.empty());

        put("acme", EntityType.tenant, "acme", Status.active, Optional.of(NOW.minusSeconds(1)));
        assertEquals(false, mayRead(alice, "acme", EntityType.client),
                "a tenant whose subscription has ended, though its snapshot may still say full access");
        put("acme", EntityType.tenant, "acme", Status.inactive, Optional.empty());
        assertEquals(false, mayRead(alice, "acme", EntityType.client), "a deactivated tenant");
    }

    @Test
    void a_user_admin_is_found_by_its_identifier_as_for_a_command() {
        put("acme", EntityType.tenant, "acme", Status.active, Optional.empty());
        put("acme", EntityType.user, "u-17", Status.active, Optional.empty());
        aliases.put("acme/alice@acme.example", "u-17");
        assertEquals(true, mayRead(actor("alice@acme.example", ActorType.user, "admin"), "acme", EntityType.user));
        assertEquals(false, mayRead(actor("bob@acme.example", ActorType.user, "admin"), "acme", EntityType.user));
    }
}
