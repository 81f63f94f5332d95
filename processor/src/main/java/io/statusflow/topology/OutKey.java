package io.statusflow.topology;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The key of an output record as it goes to a sink: the key's bytes as the topic holds them, and
 * the partition of the task that wrote it, which {@link ByTask} routes the record by under tenant partitioning.
 */
record OutKey(byte[] bytes, int taskPartition) {

    /** Writes the key's bytes only; the task partition never leaves the worker. */
    static final class Bytes implements Serializer<OutKey> {
        @Override
        public byte[] serialize(String topic, OutKey key) {
            return key == null ? null : key.bytes();
        }
    }

    /**
     * Routes a record to the partition of the task that wrote it (modulo the topic's partition
     * count): every output of a tenant lands in the partition number of its commands. An entity
     * always belongs to one tenant and a tenant's commands to one partition, so an entity's
     * records stay in one partition, in order, as compaction needs.
     */
    static final class ByTask implements StreamPartitioner<OutKey, byte[]> {
        @Override
        public java.util.Optional<java.util.Set<Integer>> partitions(String topic, OutKey key, byte[] value,
                int numPartitions) {
            return java.util.Optional.of(java.util.Set.of(key.taskPartition() % numPartitions));
        }
    }
}
