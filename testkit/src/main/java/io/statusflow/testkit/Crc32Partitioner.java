package io.statusflow.testkit;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * The placement of librdkafka's default partitioner ({@code consistent_random}), which Python,
 * Go, .NET, Node and C clients use unless told otherwise: CRC-32 of the key bytes modulo the
 * partition count, a random partition for a record without a key. A Java producer configured with
 * it places keys as those clients do.
 */
public final class Crc32Partitioner implements Partitioner {

    public static int partition(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int n = cluster.partitionCountForTopic(topic);
        return keyBytes == null ? ThreadLocalRandom.current().nextInt(n) : partition(keyBytes, n);
    }

    @Override
    public void close() { }

    @Override
    public void configure(Map<String, ?> configs) { }
}
