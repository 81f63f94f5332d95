package io.statusflow.bench;

import io.statusflow.topology.BoundedRocksDb;
import io.statusflow.topology.RocksDbMemory;
import io.statusflow.topology.StatusTopology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What statusflow is measured against: Kafka Streams applications that do none of statusflow's work
 * and some or all of the Kafka work its contract asks for. Run in a JVM of its own by {@link Benchmark}.
 *
 * <ul>
 *   <li>{@code passthrough}, the ceiling: reads each record and writes it unchanged.</li>
 *   <li>{@code get-put}, the issue's reference: one store read and one store write per record, on a key
 *       of its own per record (so, as for a new command id, the read misses), then the record out.</li>
 *   <li>{@code get-put-tenant}: the same on the record's key, a tenant id: ten thousand hot keys, so that reads
 *       hit the record cache and writes to a key merge there until the commit.</li>
 *   <li>{@code shape}: the store and topic work of a tenant admin's status command in statusflow, for every
 *       record, without parsing, deciding or encoding anything: five reads (a new command id, the command's
 *       target entity, the tenant, the actor, its rate counter), three writes (the entity, the rate counter,
 *       the command id with a result-sized value) and three records out (result, event, snapshot: the input
 *       record, keyed as statusflow keys them, by command and by entity). Its
 *       stores are statusflow's: changelogged, with the same record caches, RocksDB settings and budget.</li>
 *   <li>{@code contract}: the shape, plus what the wire contract itself asks of any implementation and the shape
 *       leaves out: the command read as JSON, the three records out written as JSON with the contract's fields
 *       (the event with its CloudEvents headers), and a second input topic subscribed (statusflow's rerouted
 *       commands). It still decides nothing and stores raw bytes, so the gap to it is statusflow's own code.</li>
 * </ul>
 *
 * <p>The stateful ones run with statusflow's client defaults ({@code producer.linger.ms=5}); the passthrough
 * with Kafka Streams' own, as every ceiling in BENCHMARKS.md was measured.
 *
 * <p>Arguments: mode, bootstrap, application id, state dir, input topic, output topics (comma-separated: one,
 * or three for {@code shape}, four for {@code contract}: the fourth its second input), guarantee, commit ms,
 * stream threads.
 */
public final class Reference {

    static final String PASSTHROUGH = "passthrough";
    static final String GET_PUT = "get-put";
    static final String GET_PUT_TENANT = "get-put-tenant";
    static final String SHAPE = "shape";
    static final String CONTRACT = "contract";
    /** The modes measured beside the passthrough ceiling. */
    static final List<String> STATEFUL = List.of(GET_PUT, GET_PUT_TENANT, SHAPE, CONTRACT);

    /** statusflow's default RocksDB budget ({@code --rocksdb-memory-mb}). */
    private static final long ROCKSDB_BYTES = 256L << 20;
    /** Bytes kept of the input as a stored entity, and as a stored result (about statusflow's Avro sizes). */
    private static final int ENTITY_BYTES = 100;
    private static final int RESULT_BYTES = 150;

    private Reference() {}

    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[2]);
        p.put(StreamsConfig.STATE_DIR_CONFIG, args[3]);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[6]);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args[7]);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args[8]);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        String[] outputs = args[5].split(",");
        RocksDbMemory memory = new RocksDbMemory(ROCKSDB_BYTES);
        if (STATEFUL.contains(mode)) {
            p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
            p.put(RocksDbMemory.CONFIG, memory);
        }
        Topology topology = topology(mode, args[4], outputs);
        KafkaStreams streams = new KafkaStreams(topology, p);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            memory.close();
        }));
        streams.start();
        Thread.currentThread().join();
    }

    /**
     * The application of a mode, reading {@code input} and writing {@code outputs} (for {@code contract}, the
     * fourth is its second input).
     */
    static Topology topology(String mode, String input, String[] outputs) {
        Topology topology = new Topology();
        String[] inputs = mode.equals(CONTRACT) ? new String[] {input, outputs[3]} : new String[] {input};
        String[] sinks = mode.equals(CONTRACT) ? Arrays.copyOf(outputs, 3) : outputs;
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputs);
        String parent = "work";
        switch (mode) {
            case PASSTHROUGH -> parent = "in";
            case GET_PUT, GET_PUT_TENANT -> {
                boolean tenantKey = mode.equals(GET_PUT_TENANT);
                topology.addProcessor("work", () -> new GetPut(tenantKey), "in");
                store(topology, GetPut.STORE, Serdes.ByteArray(), true);
            }
            case SHAPE, CONTRACT -> {
                topology.addProcessor("work", mode.equals(CONTRACT) ? ContractShape::new : Shape::new, "in");
                store(topology, Shape.IDS, Serdes.ByteArray(), false);
                store(topology, Shape.ENTITIES, Serdes.ByteArray(), false);
                store(topology, Shape.RATES, Serdes.Long(), true);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        sinks(topology, parent, sinks);
        return topology;
    }

    /** What a stateful mode does, for the benchmark's table. */
    static String describe(String mode) {
        return switch (mode) {
            case GET_PUT -> "one store read and write per record";
            case GET_PUT_TENANT -> "one store read and write per record on its tenant's key";
            case SHAPE -> "statusflow's store and topic work without its code (5 reads, 3 writes, 3 records out)";
            case CONTRACT -> "the same with the contract's JSON in and out and a second input (still no deciding)";
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    /** One sink per output topic, named after its position. */
    private static void sinks(Topology topology, String parent, String[] outputs) {
        for (int i = 0; i < outputs.length; i++) {
            topology.addSink("out" + i, outputs[i], new ByteArraySerializer(), new ByteArraySerializer(), parent);
        }
    }

    /** A store as statusflow builds its own: persistent, keyed by string, with statusflow's changelog settings. */
    private static <V> void store(Topology topology, String name, Serde<V> values, boolean cached) {
        StoreBuilder<KeyValueStore<String, V>> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), values).withLoggingEnabled(StatusTopology.CHANGELOG);
        topology.addStateStore(cached ? store.withCachingEnabled() : store.withCachingDisabled(), "work");
    }

    /** The record's own key in the input: a tenant id. */
    private static String tenant(Record<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static final byte[] TARGET = "\"target\":{".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ID = "\"id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUOTE = {'"'};

    /**
     * The id of a command's target, found by a byte search rather than parsed, so that the entity read
     * is statusflow's: a miss when a register first names it, a hit for every later command on it. A
     * record without one (garbage) reads an entity of its own.
     */
    static String target(byte[] value, int hash) {
        int t = indexOf(value, TARGET, 0);
        int i = t < 0 ? -1 : indexOf(value, ID, t);
        int end = i < 0 ? -1 : indexOf(value, QUOTE, i + ID.length);
        return end < 0 ? "#" + Integer.toHexString(hash) : new String(value, i + ID.length, end - i - ID.length,
                StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] head(byte[] value, int n) {
        return Arrays.copyOf(value, Math.min(n, value.length));
    }

    private static final class GetPut implements Processor<byte[], byte[], byte[], byte[]> {
        static final String STORE = "kv";
        private final boolean tenantKey;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<String, byte[]> store;

        GetPut(boolean tenantKey) {
            this.tenantKey = tenantKey;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> r) {
            String key = tenantKey ? tenant(r) : tenant(r) + "/" + Integer.toHexString(Arrays.hashCode(r.value()));
            store.get(key);
            store.put(key, head(r.value(), ENTITY_BYTES));
            context.forward(r);
        }
    }

    static class Shape implements Processor<byte[], byte[], byte[], byte[]> {
        static final String IDS = "command-ids";
        static final String ENTITIES = "entities";
        static final String RATES = "rates";
        ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<String, byte[]> ids;
        private KeyValueStore<String, byte[]> entities;
        private KeyValueStore<String, Long> rates;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.ids = context.getStateStore(IDS);
            this.entities = context.getStateStore(Shape.ENTITIES);
            this.rates = context.getStateStore(RATES);
        }

        @Override
        public void process(Record<byte[], byte[]> r) {
            String tenant = tenant(r);
            int h = Arrays.hashCode(r.value());
            String id = tenant + "/" + Integer.toHexString(h);
            ids.get(id);
            String entity = "e/" + tenant + "/" + target(r.value(), h);
            entities.get(entity);
            known("t/" + tenant, r);
            known("a/" + tenant, r);
            String rate = "r/" + tenant;
            Long count = rates.get(rate);
            entities.put(entity, head(r.value(), ENTITY_BYTES));
            rates.put(rate, count == null ? 1 : count + 1);
            ids.put(id, head(r.value(), RESULT_BYTES));
            out(r, id, entity);
        }

        /**
         * The records out: here the input itself to every sink, keyed as statusflow keys them (the result
         * by its command, the event and the current status by their entity).
         */
        void out(Record<byte[], byte[]> r, String command, String entity) {
            byte[] entityKey = entity.getBytes(StandardCharsets.UTF_8);
            context.forward(r.withKey(command.getBytes(StandardCharsets.UTF_8)), "out0");
            context.forward(r.withKey(entityKey), "out1");
            context.forward(r.withKey(entityKey), "out2");
        }

        /** A tenant or actor: read on every command, written when first seen (so later reads hit, as in statusflow). */
        private void known(String key, Record<byte[], byte[]> r) {
            if (entities.get(key) == null) {
                entities.put(key, head(r.value(), ENTITY_BYTES));
            }
        }
    }
}
