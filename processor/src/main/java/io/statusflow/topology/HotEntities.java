package io.statusflow.topology;

import io.statusflow.domain.Entity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The entities one task reads again and again, kept in memory between commands: every command reads
 * its tenant, and a tenant admin's commands read the admin too. Tenants are kept from their first
 * read; other entities are mostly read at random, so one is kept only when read again while its
 * key's hash is still in a table of {@link #SEEN_SLOTS} recent reads: a read that will not repeat
 * costs one array slot, no allocation. At most {@link #MAX_KEPT} are kept, the least recently read
 * going first. A hash shared by two keys only keeps one of them early.
 *
 * <p>The store stays the source: its task is its only writer and tells this after each write, and a
 * task opened again starts with a new one, so nothing here outlives a restore.
 */
final class HotEntities {

    /** Entities kept per task: about 5 MiB of heap at most (some 600 bytes each). */
    static final int MAX_KEPT = 8_192;
    /** Recent reads remembered per task, by their keys' hashes (256 KiB), to find an entity's second read. */
    static final int SEEN_SLOTS = 1 << 16;

    private final Map<String, Entity> kept = lru(MAX_KEPT);
    private final int[] seen = new int[SEEN_SLOTS];

    /** The entity under {@code key}: from memory, or else read (null when there is none) and kept if it should be. */
    Optional<Entity> get(String key, boolean tenant, Function<String, Entity> read) {
        Entity entity = kept.get(key);
        if (entity != null) {
            return Optional.of(entity);
        }
        entity = read.apply(key);
        if (entity == null) {
            return Optional.empty();
        }
        int hash = key.hashCode();
        int slot = (hash ^ hash >>> 16) & (SEEN_SLOTS - 1);
        if (tenant || seen[slot] == hash) {
            kept.put(key, entity);
        } else {
            seen[slot] = hash;
        }
        return Optional.of(entity);
    }

    /** Whether a write of {@code key} must be told with {@link #written}. */
    boolean keeps(String key, boolean tenant) {
        return tenant || kept.containsKey(key);
    }

    /** After the store wrote {@code key}: {@code stored} is the value as a read from the store gives it back. */
    void written(String key, Entity stored) {
        kept.put(key, stored);
    }

    private static Map<String, Entity> lru(int max) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entity> eldest) {
                return size() > max;
            }
        };
    }
}
