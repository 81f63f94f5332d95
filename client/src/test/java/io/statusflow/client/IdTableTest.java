package io.statusflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The compact table answers as a map does, through growth. Set -Dstatusflow.seed=N to replay a failure. */
class IdTableTest {

    @Test
    void random_puts_and_gets_agree_with_a_hash_map() {
        long seed = Long.getLong("statusflow.seed", System.nanoTime());
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        IdTable table = new IdTable();
        Map<String, Long> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String id = "u-" + random.nextInt(20_000);
            if (random.nextBoolean()) {
                long value = 1 + random.nextLong(1L << 50);
                assertEquals(!model.containsKey(id), table.put(id, value), "seed " + seed);
                model.put(id, value);
            } else {
                assertEquals(model.getOrDefault(id, 0L), table.get(id), "seed " + seed);
            }
        }
        assertEquals(model.size(), table.size(), "seed " + seed);
        model.forEach((id, v) -> assertEquals(v, table.get(id), "seed " + seed));
        assertEquals(0L, table.get("absent"));
    }

    @Test
    void packed_states_keep_version_status_and_access() {
        long p = Packed.of(123_456_789_012L, io.statusflow.schema.Status.risky, io.statusflow.schema.Access.restricted);
        assertEquals(123_456_789_012L, Packed.version(p));
        assertEquals(io.statusflow.schema.Status.risky, Packed.status(p));
        assertEquals(Access.RESTRICTED, Packed.access(p));
        long d = Packed.deleted(p);
        assertEquals(Access.NONE, Packed.access(d));
        assertEquals(io.statusflow.schema.Status.deleted, Packed.status(d));
        assertEquals(123_456_789_012L, Packed.version(d));
        assertEquals(Access.UNKNOWN, Packed.access(0));
        long tenantNone = Packed.of(9, io.statusflow.schema.Status.inactive, io.statusflow.schema.Access.none);
        long byTenant = Packed.byTenantOf(tenantNone);
        assertEquals(true, Packed.byTenant(byTenant));
        assertEquals(false, Packed.byTenant(tenantNone));
        assertEquals(Access.NONE, Packed.access(byTenant));
        assertEquals(9, Packed.version(byTenant));
    }
}
