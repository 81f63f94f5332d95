package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.StateView;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.Records;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/** The state machine's view of one task's stores, and the writes of its decisions. */
final class StoreState implements StateView {

    private final KeyValueStore<String, EntityState> entities;
    private final KeyValueStore<String, String> aliases;
    private final KeyValueStore<String, Long> rates;
    private final KeyValueStore<String, String> tenantExpiry;

    StoreState(KeyValueStore<String, EntityState> entities, KeyValueStore<String, String> aliases,
            KeyValueStore<String, Long> rates, KeyValueStore<String, String> tenantExpiry) {
        this.entities = entities;
        this.aliases = aliases;
        this.rates = rates;
        this.tenantExpiry = tenantExpiry;
    }

    @Override
    public Optional<Entity> entity(EntityKey key) {
        return Optional.ofNullable(entities.get(key.value())).map(Records::entity);
    }

    @Override
    public Optional<String> userIdByIdentifier(String tenantId, String identifier) {
        return Optional.ofNullable(aliases.get(StoreNames.aliasKey(tenantId, identifier)));
    }

    @Override
    public long commandCount(String rateKey, long windowStartMs) {
        Long count = rates.get(TimeKeys.key(windowStartMs, rateKey));
        return count == null ? 0 : count;
    }

    /**
     * The store write of a change, with its key and value already built, to run once the whole
     * decision is; a {@link Change.StartCascade} is the caller's to run.
     */
    Runnable prepare(Change change) {
        // Java 17 has no pattern switch; Change is sealed, so this chain is complete.
        if (change instanceof Change.PutEntity put) {
            String key = put.entity().key().value();
            EntityState value = Records.state(put.entity());
            return () -> entities.put(key, value);
        } else if (change instanceof Change.PutAlias alias) {
            String key = StoreNames.aliasKey(alias.tenantId(), alias.identifier());
            return () -> aliases.put(key, alias.userId());
        } else if (change instanceof Change.RemoveAlias alias) {
            String key = StoreNames.aliasKey(alias.tenantId(), alias.identifier());
            return () -> aliases.delete(key);
        } else if (change instanceof Change.CountCommand count) {
            String key = TimeKeys.key(count.windowStartMs(), count.rateKey());
            return () -> rates.put(key, count.count());
        } else if (change instanceof Change.PutExpiry expiry) {
            String key = TimeKeys.key(expiry.validUntil().toEpochMilli(), expiry.tenantId());
            return () -> tenantExpiry.put(key, "");
        } else if (change instanceof Change.RemoveExpiry expiry) {
            String key = TimeKeys.key(expiry.validUntil().toEpochMilli(), expiry.tenantId());
            return () -> tenantExpiry.delete(key);
        } else if (change instanceof Change.StartCascade) {
            return () -> { };
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
    }
}
