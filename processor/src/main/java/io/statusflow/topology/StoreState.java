package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Result;
import io.statusflow.domain.StateView;
import io.statusflow.domain.SubscriptionEnd;
import io.statusflow.domain.TenantCascade;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.EntityType;
import io.statusflow.wire.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The domain's view of one task's stores: every read it makes and every write it decides. */
final class StoreState implements StateView {

    private final KeyValueStore<String, EntityState> entities;
    private final KeyValueStore<String, String> identifiers;
    private final KeyValueStore<String, Long> rates;
    private final KeyValueStore<String, String> tenantExpiry;
    private final KeyValueStore<String, CascadeProgress> cascades;
    private final CommandIds commandIds;
    /**
     * False once a scan found no cascade and none was written since: the cascade punctuator runs
     * every few milliseconds, and a RocksDB iterator per run cost more than most commands' reads.
     * True at first, since a restored store may hold cascades. This task is the store's only writer.
     */
    private boolean mayHoldCascades = true;
    /** Tenants and other entities read again and again: this task's reads that skip the store. */
    private final HotEntities hot = new HotEntities();
    /** An entity from the store, or null. */
    private final Function<String, Entity> read;

    StoreState(KeyValueStore<String, EntityState> entities, KeyValueStore<String, String> identifiers,
            KeyValueStore<String, Long> rates, KeyValueStore<String, String> tenantExpiry,
            KeyValueStore<String, CascadeProgress> cascades, CommandIds commandIds) {
        this.entities = entities;
        this.identifiers = identifiers;
        this.rates = rates;
        this.tenantExpiry = tenantExpiry;
        this.cascades = cascades;
        this.commandIds = commandIds;
        this.read = key -> {
            EntityState stored = entities.get(key);
            return stored == null ? null : Records.entity(stored);
        };
    }

    @Override
    public Optional<Entity> entity(EntityKey key) {
        return hot.get(key.value(), key.type() == EntityType.tenant, read);
    }

    @Override
    public Optional<String> userIdByIdentifier(String tenantId, String identifier) {
        return Optional.ofNullable(identifiers.get(StoreNames.identifierKey(tenantId, identifier)));
    }

    @Override
    public long commandCount(String rateKey, long windowStartMs) {
        Long count = rates.get(TimeKeys.key(windowStartMs, rateKey));
        return count == null ? 0 : count;
    }

    @Override
    public Optional<Result> answered(String recordKey, String commandId, Instant now) {
        return commandIds.first(recordKey, commandId, now).map(Records::result);
    }

    @Override
    public List<String> cascadingTenants() {
        if (!mayHoldCascades) {
            return List.of();
        }
        List<String> tenants = new ArrayList<>();
        try (KeyValueIterator<String, CascadeProgress> it = cascades.all()) {
            it.forEachRemaining(kv -> tenants.add(kv.key));
        }
        mayHoldCascades = !tenants.isEmpty();
        return tenants;
    }

    @Override
    public Optional<TenantCascade.Progress> cascade(String tenantId) {
        return Optional.ofNullable(cascades.get(tenantId)).map(Records::progress);
    }

    @Override
    public TenantCascade.Members members(String tenantId, Optional<String> afterKey, int max) {
        String prefix = EntityKey.tenantPrefix(tenantId);
        String tenantKey = EntityKey.tenant(tenantId).value();
        List<Entity> members = new ArrayList<>(Math.min(max, 1024));
        Optional<String> last = afterKey;
        try (KeyValueIterator<String, EntityState> it = entities.range(afterKey.orElse(prefix), prefix + Character.MAX_VALUE)) {
            while (it.hasNext() && members.size() < max) {
                var kv = it.next();
                if (!afterKey.filter(kv.key::equals).isPresent() && !kv.key.equals(tenantKey)) {
                    members.add(Records.entity(kv.value));
                }
                last = Optional.of(kv.key);
            }
            return new TenantCascade.Members(members, last, it.hasNext());
        }
    }

    @Override
    public List<SubscriptionEnd.Due> subscriptionsEndedBy(Instant now, int max) {
        List<SubscriptionEnd.Due> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = tenantExpiry.range(null, TimeKeys.prefix(now.toEpochMilli() + 1))) {
            while (it.hasNext() && due.size() < max) {
                String key = it.next().key;
                due.add(new SubscriptionEnd.Due(TimeKeys.rest(key), Instant.ofEpochMilli(TimeKeys.time(key))));
            }
        }
        return due;
    }

    @Override
    public Runnable prepare(List<Change> changes) {
        List<Runnable> writes = new ArrayList<>(changes.size());
        for (Change change : changes) {
            writes.add(prepare(change));
        }
        return () -> writes.forEach(Runnable::run);
    }

    /** The store write of a change, with its key and value already built. */
    private Runnable prepare(Change change) {
        // Java 17 has no pattern switch; Change is sealed, so this chain is complete.
        if (change instanceof Change.PutEntity put) {
            String key = put.entity().key().value();
            EntityState value = Records.state(put.entity());
            boolean tenant = put.entity().key().type() == EntityType.tenant;
            return () -> {
                entities.put(key, value);
                if (hot.keeps(key, tenant)) {
                    // As a read would give it back from the store, so that memory and store cannot differ.
                    hot.written(key, Records.entity(value));
                }
            };
        } else if (change instanceof Change.PutIdentifier id) {
            String key = StoreNames.identifierKey(id.tenantId(), id.identifier());
            return () -> identifiers.put(key, id.userId());
        } else if (change instanceof Change.RemoveIdentifier id) {
            String key = StoreNames.identifierKey(id.tenantId(), id.identifier());
            return () -> identifiers.delete(key);
        } else if (change instanceof Change.CountCommand count) {
            String key = TimeKeys.key(count.windowStartMs(), count.rateKey());
            return () -> rates.put(key, count.count());
        } else if (change instanceof Change.PutExpiry expiry) {
            String key = TimeKeys.key(expiry.validUntil().toEpochMilli(), expiry.tenantId());
            return () -> tenantExpiry.put(key, "");
        } else if (change instanceof Change.RemoveExpiry expiry) {
            String key = TimeKeys.key(expiry.validUntil().toEpochMilli(), expiry.tenantId());
            return () -> tenantExpiry.delete(key);
        } else if (change instanceof Change.Remember remember) {
            var value = Records.result(remember.result());
            return () -> commandIds.put(remember.recordKey(), remember.result().commandId(), value);
        } else if (change instanceof Change.PutCascade put) {
            CascadeProgress value = Records.progress(put.progress());
            return () -> {
                cascades.put(put.progress().tenantId(), value);
                mayHoldCascades = true;
            };
        } else if (change instanceof Change.EndCascade end) {
            return () -> cascades.delete(end.tenantId());
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
    }
}
