package io.statusflow.http;

import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.Status;
import io.statusflow.topology.StoreNames;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on the entities store. Commands are keyed by tenant, so a tenant's
 * entities live in the partition of its tenant id; the instance that owns it answers.
 */
public final class StreamsSnapshots implements Snapshots {

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;
    private final StringSerializer keys = new StringSerializer();

    public StreamsSnapshots(Supplier<KafkaStreams> streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Location locate(String tenantId) throws Unavailable {
        KafkaStreams s = running();
        KeyQueryMetadata md = s.queryMetadataForKey(StoreNames.ENTITIES, tenantId, keys);
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost().equals(HostInfo.unavailable())) {
            throw new Unavailable("tenant state is moving between instances");
        }
        return md.activeHost().equals(self) ? new Location.Here()
                : new Location.Elsewhere(md.activeHost().host() + ":" + md.activeHost().port());
    }

    @Override
    public Optional<EntitySnapshot> local(String tenantId, String entityKey) throws Unavailable {
        ReadOnlyKeyValueStore<String, EntityState> store = store(StoreNames.ENTITIES, tenantId);
        try {
            return Optional.ofNullable(store.get(entityKey)).map(EntityState::getSnapshot)
                    .filter(snap -> snap.getStatus() != Status.deleted);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("tenant state is not queryable right now: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> alias(String tenantId, String identifier) throws Unavailable {
        ReadOnlyKeyValueStore<String, String> store = store(StoreNames.IDENTIFIERS, tenantId);
        try {
            return Optional.ofNullable(store.get(StoreNames.identifierKey(tenantId, identifier)));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("tenant state is not queryable right now: " + e.getMessage());
        }
    }

    /** This instance's partition of a store that holds the tenant's state (all are partitioned by tenant). */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name, String tenantId) throws Unavailable {
        KafkaStreams s = running();
        try {
            KeyQueryMetadata md = s.queryMetadataForKey(StoreNames.ENTITIES, tenantId, keys);
            return s.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(md.partition()));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("tenant state is not queryable right now: " + e.getMessage());
        }
    }

    private KafkaStreams running() throws Unavailable {
        KafkaStreams s = streams.get();
        if (s == null || !s.state().isRunningOrRebalancing()) {
            throw new Unavailable("the worker is not running yet");
        }
        return s;
    }
}
