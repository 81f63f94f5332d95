package io.statusflow.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Puts every RocksDB store on the worker's shared {@link RocksDbMemory} budget. Kafka Streams
 * makes one instance per store and passes it the application's configuration, which carries the
 * budget object; without one (a configuration that names this class by hand) stores keep
 * RocksDB's defaults.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Share of a memtable given to its Bloom filter (RocksDB's suggested value). */
    static final double MEMTABLE_BLOOM_RATIO = 0.1;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // A Bloom filter over each memtable's whole keys: most lookups here miss (a new command id, a
        // new entity), and without it every miss walks the memtable's skip list (BENCHMARKS.md,
        // second round).
        options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
        options.setMemtableWholeKeyFiltering(true);
        // Kafka Streams turns optimize_filters_for_hits on, which builds no Bloom filter for the
        // last level, where most keys live: every lookup that misses (a new command id on every
        // command) then reads an index and a data block. The filters live in the block cache, so
        // within the budget (BENCHMARKS.md, fifteenth round).
        options.setOptimizeFiltersForHits(false);
        if (!(configs.get(RocksDbMemory.CONFIG) instanceof RocksDbMemory memory)) {
            return;
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        // Index and filter blocks live in the budget too, rather than unbounded beside it.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store; their owner closes them.
    }
}
