package io.statusflow.topology;

import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Propagation;
import io.statusflow.domain.Trigger;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Expires tenants whose subscription has ended, by wall clock: reads only the front of an index
 * ordered by subscription end, so a scan costs nothing when nothing expires. A tenant that
 * expired while the worker was down is found by the first scan after the restart.
 */
final class SubscriptionExpiry {

    static final int MAX_PER_SCAN = 1_000;

    private final KeyValueStore<String, EntityState> entities;
    private final KeyValueStore<String, String> index;
    private final Cascades cascades;
    private final Publisher publisher;

    SubscriptionExpiry(KeyValueStore<String, EntityState> entities, KeyValueStore<String, String> index,
            Cascades cascades, Publisher publisher) {
        this.entities = entities;
        this.index = index;
        this.cascades = cascades;
        this.publisher = publisher;
    }

    void scan(Instant now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(null, TimeKeys.prefix(now.toEpochMilli() + 1))) {
            while (it.hasNext() && due.size() < MAX_PER_SCAN) {
                due.add(it.next().key);
            }
        }
        for (String key : due) {
            index.delete(key);
            String tenantId = TimeKeys.rest(key);
            Optional<Entity> tenant = Optional.ofNullable(entities.get(EntityKey.tenant(tenantId).value()))
                    .map(Records::entity);
            if (tenant.isEmpty() || !Propagation.expired(tenant.get(), now)) {
                continue;
            }
            Propagation.reconcile(tenant.get(), Optional.empty(), now, Trigger.expiry()).ifPresent(r -> {
                entities.put(r.entity().key().value(), Records.state(r.entity()));
                publisher.change(r.event(), r.entity());
                cascades.start(tenantId, Trigger.expiry(), now);
            });
        }
    }
}
