package io.statusflow.topology;

import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Propagation;
import io.statusflow.domain.Trigger;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs tenant cascades in bounded chunks: each chunk walks the tenant's members in key order from
 * the stored cursor, reconciles their access, and moves the cursor, all in the same transaction
 * as the events it emits. A new trigger for the same tenant restarts it from the first member.
 */
final class Cascades {

    private final KeyValueStore<String, EntityState> entities;
    private final KeyValueStore<String, CascadeProgress> progress;
    private final Publisher publisher;
    private final int chunk;

    Cascades(KeyValueStore<String, EntityState> entities, KeyValueStore<String, CascadeProgress> progress,
            Publisher publisher, int chunk) {
        this.entities = entities;
        this.progress = progress;
        this.publisher = publisher;
        this.chunk = chunk;
    }

    /** Records the cascade and runs its first chunk at once, so small tenants finish with their command. */
    void start(String tenantId, Trigger trigger, Instant now) {
        progress.put(tenantId, Records.progress(tenantId, trigger, now));
        runChunk(tenantId, chunk, now);
    }

    /** Runs pending cascades, at most one chunk of members in all. */
    void resume(Instant now) {
        List<String> pending = new ArrayList<>();
        try (KeyValueIterator<String, CascadeProgress> it = progress.all()) {
            it.forEachRemaining(kv -> pending.add(kv.key));
        }
        int budget = chunk;
        for (String tenantId : pending) {
            if (budget <= 0) {
                break;
            }
            budget -= runChunk(tenantId, Math.max(1, budget / pending.size()), now);
        }
    }

    /** @return how many members it looked at */
    private int runChunk(String tenantId, int budget, Instant now) {
        CascadeProgress p = progress.get(tenantId);
        if (p == null) {
            return 0;
        }
        Optional<Entity> tenant = Optional.ofNullable(entities.get(EntityKey.tenant(tenantId).value()))
                .map(Records::entity).filter(t -> !t.isDeleted());
        if (tenant.isEmpty()) {
            progress.delete(tenantId);
            return 0;
        }
        String prefix = EntityKey.tenantPrefix(tenantId);
        String tenantKey = EntityKey.tenant(tenantId).value();
        String from = p.getCursor() == null ? prefix : p.getCursor();
        List<KeyValue<String, EntityState>> members = new ArrayList<>(Math.min(budget, 1024));
        boolean more;
        String last = p.getCursor();
        // Read the chunk first, write after: the cached store's iterator must not see its own writes.
        try (KeyValueIterator<String, EntityState> it = entities.range(from, prefix + Character.MAX_VALUE)) {
            while (it.hasNext() && members.size() < budget) {
                KeyValue<String, EntityState> kv = it.next();
                if (!kv.key.equals(p.getCursor()) && !kv.key.equals(tenantKey)) {
                    members.add(kv);
                }
                last = kv.key;
            }
            more = it.hasNext();
        }
        Trigger trigger = Records.trigger(p);
        for (KeyValue<String, EntityState> kv : members) {
            Propagation.reconcile(Records.entity(kv.value), tenant, now, trigger).ifPresent(r -> {
                entities.put(kv.key, Records.state(r.entity()));
                publisher.change(r.event(), r.entity());
            });
        }
        if (more) {
            p.setCursor(last);
            progress.put(tenantId, p);
        } else {
            progress.delete(tenantId);
        }
        return Math.max(1, members.size());
    }
}
