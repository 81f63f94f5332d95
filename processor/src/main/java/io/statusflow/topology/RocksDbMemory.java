package io.statusflow.topology;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The off-heap memory budget of every RocksDB store of one worker: a single block cache that the
 * write buffers (memtables) are charged to as well, so that index, filter, data blocks and
 * memtables of all stores and all partitions together stay near {@code bytes}, however many
 * partitions this instance owns. Given to the stores through the Streams configuration (key
 * {@link #CONFIG}) and closed by its owner after Kafka Streams has closed.
 */
public final class RocksDbMemory implements AutoCloseable {

    /** Key of this object in the Streams configuration, read by {@link BoundedRocksDb}. */
    public static final String CONFIG = "statusflow.rocksdb.memory";
    /** Share of the budget that write buffers may take before RocksDB flushes them. */
    static final double WRITE_BUFFER_SHARE = 0.5;
    /** Share of the cache kept for index and filter blocks, so data blocks cannot evict them. */
    static final double HIGH_PRIORITY_SHARE = 0.1;

    static {
        RocksDB.loadLibrary();
    }

    private final long bytes;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;

    public RocksDbMemory(long bytes) {
        this.bytes = bytes;
        this.cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
        this.writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
    }

    public long capacity() {
        return bytes;
    }

    /** Bytes charged to the budget now: cached blocks and write buffers of every store. */
    public long usage() {
        return cache.getUsage();
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }
}
