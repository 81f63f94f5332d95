package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.domain.Change;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.schema.Access;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.wire.Records;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The entities kept in memory: tenants from their first read, others from their second, always the store's
 * values exactly, and never more than the bound.
 */
class StoreStateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final Counted<EntityState> entities = new Counted<>();
    private final StoreState state = new StoreState(entities.store(), new Counted<String>().store(),
            new Counted<Long>().store(), new Counted<String>().store(), null,
            new CommandIds(null, null, Duration.ofHours(1)));

    @Test
    void a_tenant_is_read_from_the_store_once() {
        Entity acme = tenant("acme", 3);
        entities.stored(acme);

        assertEquals(Optional.of(acme), state.entity(acme.key()));
        assertEquals(Optional.of(acme), state.entity(acme.key()));
        assertEquals(1, entities.gets);
    }

    @Test
    void a_written_tenant_is_read_back_as_the_store_holds_it_without_reading_the_store() {
        Entity acme = tenant("acme", 3);
        entities.stored(acme);
        state.entity(acme.key());

        Entity grown = acme.withMemberCount(4);
        state.prepare(List.of(new Change.PutEntity(grown))).run();

        Entity stored = Records.entity(entities.map.get(acme.key().value()));
        assertEquals(4, stored.memberCount());
        assertEquals(Optional.of(stored), state.entity(acme.key()));
        assertEquals(1, entities.gets);
    }

    @Test
    void nothing_is_written_to_memory_before_the_store_is_written() {
        Entity acme = tenant("acme", 3);
        entities.stored(acme);
        state.entity(acme.key());

        // Planned, not applied: a command that fails after planning changes neither.
        state.prepare(List.of(new Change.PutEntity(acme.withMemberCount(9))));

        assertEquals(Optional.of(acme), state.entity(acme.key()));
        assertEquals(3, Records.entity(entities.map.get(acme.key().value())).memberCount());
    }

    @Test
    void an_unknown_entity_is_read_from_the_store_every_time() {
        EntityKey ghost = EntityKey.tenant("ghost");
        EntityKey nobody = new EntityKey("acme", EntityType.user, "nobody");
        for (int i = 0; i < 3; i++) {
            assertTrue(state.entity(ghost).isEmpty());
            assertTrue(state.entity(nobody).isEmpty());
        }
        assertEquals(6, entities.gets);
    }

    @Test
    void a_member_is_kept_from_its_second_read() {
        Entity admin = entity(new EntityKey("acme", EntityType.user, "admin"), 0);
        entities.stored(admin);

        assertEquals(Optional.of(admin), state.entity(admin.key()));
        assertEquals(Optional.of(admin), state.entity(admin.key()));
        assertEquals(Optional.of(admin), state.entity(admin.key()));
        assertEquals(Optional.of(admin), state.entity(admin.key()));
        assertEquals(2, entities.gets);
    }

    @Test
    void a_kept_member_follows_its_writes_and_one_not_kept_is_read_again() {
        Entity kept = entity(new EntityKey("acme", EntityType.user, "kept"), 0);
        Entity once = entity(new EntityKey("acme", EntityType.user, "once"), 0);
        entities.stored(kept);
        entities.stored(once);
        state.entity(kept.key());
        state.entity(kept.key());
        state.entity(once.key());

        Entity suspended = withStatus(kept, Status.suspended);
        Entity inactive = withStatus(once, Status.inactive);
        state.prepare(List.of(new Change.PutEntity(suspended), new Change.PutEntity(inactive))).run();
        int before = entities.gets;

        assertEquals(Status.suspended, state.entity(kept.key()).orElseThrow().status());
        assertEquals(before, entities.gets);
        assertEquals(Status.inactive, state.entity(once.key()).orElseThrow().status());
        assertEquals(before + 1, entities.gets);
    }

    @Test
    void the_same_id_in_another_tenant_is_another_entity_in_memory() {
        Entity ours = entity(new EntityKey("acme", EntityType.user, "admin"), 0);
        Entity theirs = withStatus(entity(new EntityKey("globex", EntityType.user, "admin"), 0), Status.suspended);
        entities.stored(ours);
        entities.stored(theirs);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.of(ours), state.entity(ours.key()));
            assertEquals(Optional.of(theirs), state.entity(theirs.key()));
        }
        state.prepare(List.of(new Change.PutEntity(withStatus(ours, Status.inactive)))).run();

        assertEquals(Status.inactive, state.entity(ours.key()).orElseThrow().status());
        assertEquals(Optional.of(theirs), state.entity(theirs.key()));
    }

    @Test
    void at_most_the_bound_of_tenants_is_kept_and_the_least_recently_read_goes_first() {
        int n = HotEntities.MAX_KEPT;
        for (int i = 0; i <= n; i++) {
            Entity t = tenant("t" + i, 0);
            entities.stored(t);
        }
        for (int i = 0; i < n; i++) {
            state.entity(EntityKey.tenant("t" + i));
        }
        state.entity(EntityKey.tenant("t0"));
        assertEquals(n, entities.gets);

        state.entity(EntityKey.tenant("t" + n));
        assertEquals(n + 1, entities.gets);
        state.entity(EntityKey.tenant("t0"));
        assertEquals(n + 1, entities.gets, "t0 was read last, so it is kept");
        state.entity(EntityKey.tenant("t1"));
        assertEquals(n + 2, entities.gets, "t1 was the least recently read, so it went");
    }

    private static Entity withStatus(Entity e, Status status) {
        return new Entity(e.key(), e.identifier(), status, Access.none, Optional.of("review"), e.disabledBy(),
                e.validUntil(), e.version() + 1, e.createdAt(), NOW.plusSeconds(1), e.updatedBy(), e.memberCount());
    }

    private static Entity tenant(String id, long members) {
        return entity(EntityKey.tenant(id), members);
    }

    private static Entity entity(EntityKey key, long members) {
        return new Entity(key, Optional.empty(), Status.active, Access.full, Optional.of("onboarding"),
                Optional.empty(), Optional.of(NOW.plusSeconds(86_400)), 1, NOW, NOW, Optional.of("provisioner"),
                members);
    }

    /** A store over a map that counts its reads; any other call is a test bug. */
    private static final class Counted<V> {
        final Map<String, V> map = new HashMap<>();
        int gets;

        /** An entity as the store holds it. */
        @SuppressWarnings("unchecked")
        void stored(Entity e) {
            map.put(e.key().value(), (V) Records.state(e));
        }

        @SuppressWarnings("unchecked")
        KeyValueStore<String, V> store() {
            return (KeyValueStore<String, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> {
                            gets++;
                            yield map.get((String) args[0]);
                        }
                        case "put" -> map.put((String) args[0], (V) args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
