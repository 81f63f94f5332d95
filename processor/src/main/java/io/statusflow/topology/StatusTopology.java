package io.statusflow.topology;

import io.statusflow.schema.CascadeProgress;
import io.statusflow.wire.AvroSerde;
import io.statusflow.wire.StoredValues;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the worker's topology: the commands and reroute sources, one processor with its stores,
 * and sinks for results, events, snapshots, dead letters and rerouted commands.
 */
public final class StatusTopology {

    static final String SOURCE = "commands-source";
    static final String REROUTED_SOURCE = "rerouted-source";
    static final String PROCESSOR = "command-processor";

    /**
     * Topic settings of every store's changelog. Kafka compacts only closed segments, and the
     * broker's default segment is 1 GiB, so a changelog held every write of its partition's
     * history until then, and a restore replayed it all. Segments of 64 MiB let compaction keep a restore near one record per live key.
     */
    public static final java.util.Map<String, String> CHANGELOG = java.util.Map.of("segment.bytes", Integer.toString(64 << 20));

    private StatusTopology() {}

    public static Topology build(WorkerSettings settings) {
        return build(settings, CommandObserver.NONE);
    }

    public static Topology build(WorkerSettings settings, CommandObserver observer) {
        Topics topics = settings.topics();
        Topology topology = new Topology();
        addSource(topology, SOURCE, topics.commands(), new AppendTime());
        addSource(topology, REROUTED_SOURCE, topics.rerouted(), new AppendTime());
        topology.addProcessor(PROCESSOR, () -> new CommandProcessor(settings, observer), SOURCE, REROUTED_SOURCE);

        // Entities are read at random and rarely written twice within a commit: a record cache kept
        // inserting each one read and evicting another, and merged nothing. RocksDB's block cache serves the hot ones.
        addStore(topology, StoreNames.ENTITIES, StoredValues.entityStates(), false);
        addStore(topology, StoreNames.IDENTIFIERS, Serdes.String(), true);
        // Command ids are written once each, so a record cache could never merge two writes: it would only
        // add its own bookkeeping and a burst of changelog sends at every commit.
        addStore(topology, StoreNames.COMMAND_IDS, StoredValues.commandResults(), false);
        addStore(topology, StoreNames.RATES, Serdes.Long(), true);
        addStore(topology, StoreNames.PURGE_CURSORS, Serdes.String(), false);
        addStore(topology, StoreNames.TENANT_EXPIRY, Serdes.String(), true);
        addStore(topology, StoreNames.CASCADES, new AvroSerde<>(CascadeProgress.class), true);

        addSink(topology, settings, Sinks.RESULTS, topics.results());
        addSink(topology, settings, Sinks.EVENTS, topics.events());
        addSink(topology, settings, Sinks.CURRENT, topics.current());
        addSink(topology, settings, Sinks.DEAD_LETTERS, topics.deadLetters());
        settings.ssf().ifPresent(ssf -> SsfOutbox.add(topology, topics.events().name(), ssf));
        // Always by the owner's partition, whatever the outputs' partitioning: that is the point of the topic.
        topology.addSink(Sinks.REROUTED, topics.rerouted().name(), new OutKey.Bytes(),
                topics.rerouted().valueSerde().serializer(), new OutKey.ByTask(), PROCESSOR);
        return topology;
    }

    /** A persistent key-value store keyed by string, of the processor, with its changelog in {@link #CHANGELOG}'s settings. */
    private static <V> void addStore(Topology topology, String name, Serde<V> values, boolean cached) {
        StoreBuilder<KeyValueStore<String, V>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), values).withLoggingEnabled(CHANGELOG);
        topology.addStateStore(cached ? store.withCachingEnabled() : store.withCachingDisabled(), PROCESSOR);
    }

    private static void addSource(Topology topology, String name, Topic<byte[], byte[]> topic, AppendTime time) {
        // Earliest, Kafka Streams' own default, said here because this overload needs one: no command is ever skipped.
        topology.addSource(org.apache.kafka.streams.AutoOffsetReset.earliest(), name, time, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(), topic.name());
    }

    /** Keys go out as the bytes the processor built (an {@link OutKey} also carries its partition). */
    private static void addSink(Topology topology, WorkerSettings settings, String name, Topic<?, byte[]> topic) {
        OutKey.Bytes keys = new OutKey.Bytes();
        if (settings.outputPartitioning() == OutputPartitioning.TENANT) {
            topology.addSink(name, topic.name(), keys, topic.valueSerde().serializer(), new OutKey.ByTask(), PROCESSOR);
        } else {
            topology.addSink(name, topic.name(), keys, topic.valueSerde().serializer(), PROCESSOR);
        }
    }
}
