package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

/** The stores' off-heap memory is one budget, charged by every store of the worker. */
class BoundedRocksDbTest {

    @Test
    void the_stores_charge_their_write_buffers_and_blocks_to_the_shared_budget() {
        try (RocksDbMemory memory = new RocksDbMemory(64L << 20)) {
            Properties props = new Properties();
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
            props.put(RocksDbMemory.CONFIG, memory);
            try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults(), props)) {
                long before = memory.usage();
                assertEquals(200, w.send(Cmd.tenant("acme", "register")).get("code").asInt());
                for (int i = 0; i < 100; i++) {
                    assertEquals(200, w.send(Cmd.user("acme", "u" + i, "register").by(Actors.PLATFORM)).get("code").asInt());
                }
                assertTrue(memory.usage() > before, "usage grew from " + before + " to " + memory.usage());
                assertTrue(memory.usage() <= memory.capacity() * 2, "usage " + memory.usage() + " stays near the budget");
            }
        }
    }

    /** Kafka Streams brings an older rocksdbjni, whose JNI layer raises and catches an exception for every missing key. */
    @Test
    void rocksdb_is_a_version_whose_misses_raise_no_exception() {
        org.rocksdb.RocksDB.loadLibrary();
        String[] version = org.rocksdb.RocksDB.rocksdbVersion().toString().split("\\.");
        int major = Integer.parseInt(version[0]);
        int minor = Integer.parseInt(version[1]);
        assertTrue(major > 10 || major == 10 && minor >= 10, "rocksdbjni " + org.rocksdb.RocksDB.rocksdbVersion());
    }

    @Test
    void every_store_gets_a_whole_key_bloom_filter_on_its_memtables() {
        try (Options options = new Options()) {
            assertEquals(0.0, options.memtablePrefixBloomSizeRatio());
            new BoundedRocksDb().setConfig("command-ids", options, Map.of());
            assertEquals(BoundedRocksDb.MEMTABLE_BLOOM_RATIO, options.memtablePrefixBloomSizeRatio());
            assertTrue(options.memtableWholeKeyFiltering());
        }
    }

    @Test
    void lookups_that_miss_are_answered_by_filters_on_every_level() {
        try (Options options = new Options()) {
            options.setOptimizeFiltersForHits(true); // as Kafka Streams sets it before the setter runs
            new BoundedRocksDb().setConfig("command-ids", options, Map.of());
            assertFalse(options.optimizeFiltersForHits());
        }
    }

    @Test
    void a_setter_named_without_a_budget_leaves_the_stores_on_rocksdb_defaults() {
        Properties props = new Properties();
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults(), props)) {
            assertEquals(200, w.send(Cmd.tenant("acme", "register")).get("code").asInt());
        }
    }
}
