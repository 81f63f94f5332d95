package io.statusflow.client;

import io.statusflow.schema.EntityType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What an {@link AccessView} holds: every tenant's table, written by the view's reading thread one
 * batch at a time under a write lock, and read by any thread under an optimistic lock. Readers
 * find a tenant in a map published after each batch that added one, which is never changed once
 * published; the writer keeps its own copy.
 */
final class ViewState {

    private final StampedLock lock = new StampedLock();
    private volatile Map<String, TenantState> published = Map.of();
    private final Map<String, TenantState> working = new HashMap<>();
    private volatile long entities;
    private volatile long idBytes;

    /** The packed state the answer rests on (the tenant's, marked, when it denies its members), or 0. */
    long find(String tenantId, EntityType type, String id) {
        TenantState t = published.get(tenantId);
        if (t == null) {
            return 0;
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            long p;
            try {
                p = lookup(t, type, id, false);
            } catch (RuntimeException e) {
                p = RETRY;
            }
            if (p != RETRY && lock.validate(stamp)) {
                return p;
            }
        }
        stamp = lock.readLock();
        try {
            return lookup(t, type, id, true);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** What an optimistic read answers when only a locked read may look further (the identifiers map). */
    private static final long RETRY = -1;

    private static long lookup(TenantState t, EntityType type, String id, boolean locked) {
        long tenant = t.tenant;
        if (type == EntityType.tenant) {
            return id.equals(t.tenantId) ? tenant : 0;
        }
        long own = t.members(type).get(id);
        if (own == 0 && type == EntityType.user) {
            if (!locked) {
                return RETRY;
            }
            String byIdentifier = t.identifiers.get(id);
            own = byIdentifier == null ? 0 : t.users.get(byIdentifier);
        }
        if (own == 0) {
            return 0;
        }
        return tenant != 0 && Packed.access(tenant) == Access.NONE ? Packed.byTenantOf(tenant) : own;
    }

    /** Whether this version of the entity, or a later one, or its deletion, is held. */
    boolean holds(String tenantId, EntityType type, String id, long version) {
        TenantState t = published.get(tenantId);
        if (t == null) {
            return false;
        }
        long stamp = lock.readLock();
        try {
            long held = type == EntityType.tenant ? t.tenant : t.members(type).get(id);
            return held != 0 && (Packed.isDeleted(held) || Packed.version(held) >= version);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    long entities() {
        return entities;
    }

    /** An estimate: the tables' arrays, and the ids' Strings. */
    long approximateBytes() {
        long bytes = idBytes;
        for (TenantState t : published.values()) {
            bytes += t.approximateBytes();
        }
        return bytes;
    }

    /** Applies a batch of the topic's records under the write lock; the changes, in order. */
    List<AccessView.Change> apply(List<ConsumerRecord<String, byte[]>> batch, Predicate<String> tenants) {
        List<AccessView.Change> changes = new ArrayList<>();
        boolean newTenants = false;
        long stamp = lock.writeLock();
        try {
            for (ConsumerRecord<String, byte[]> r : batch) {
                Snapshot s = Snapshot.read(r.key(), r.value()).orElse(null);
                if (s == null || !tenants.test(s.tenantId())) {
                    continue;
                }
                TenantState t = working.get(s.tenantId());
                if (t == null) {
                    t = new TenantState(s.tenantId());
                    working.put(s.tenantId(), t);
                    newTenants = true;
                }
                apply(t, s, changes);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        if (newTenants) {
            // A HashMap compares hashes before keys: a lookup reads no other tenant's id. Never changed once published.
            published = new HashMap<>(working);
        }
        return changes;
    }

    private void apply(TenantState t, Snapshot s, List<AccessView.Change> changes) {
        long held = s.type() == EntityType.tenant ? t.tenant : t.members(s.type()).get(s.id());
        long next;
        if (s.deleted()) {
            if (held == 0 || Packed.isDeleted(held)) {
                return;
            }
            next = Packed.deleted(held);
        } else {
            if (held != 0 && !Packed.isDeleted(held) && Packed.version(held) >= s.version()) {
                return;
            }
            next = Packed.of(s.version(), s.status(), s.access());
        }
        if (s.type() == EntityType.tenant) {
            if (held == 0) {
                entities++;
            }
            t.tenant = next;
        } else {
            if (t.members(s.type()).put(s.id(), next)) {
                entities++;
                idBytes += 56 + s.id().length();
            }
            if (s.type() == EntityType.user) {
                s.identifier().ifPresent(i -> t.identifiers.put(i, s.id()));
                if (s.deleted()) {
                    t.identifiers.values().remove(s.id());
                }
            }
        }
        changes.add(new AccessView.Change(s.tenantId(), s.type(), s.id(), Packed.access(held), Packed.access(next),
                held == 0 ? null : Packed.status(held), Packed.status(next), s.deleted() ? Packed.version(held) : s.version()));
    }
}
