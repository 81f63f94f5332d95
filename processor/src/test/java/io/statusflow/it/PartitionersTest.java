package io.statusflow.it;

import io.statusflow.testkit.Crc32Partitioner;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The two placements the reroute tests produce with, checked against known ones. */
class PartitionersTest {

    @Test
    void crc32_is_the_standard_check_value_and_places_as_librdkafka() {
        // CRC-32's published check value: crc32("123456789") = 0xCBF43926.
        assertEquals(0xCBF43926L % 1000, Crc32Partitioner.partition(bytes("123456789"), 1000));
        // A key that a Python (librdkafka) producer puts on partition 0 of 6, and a Java one on 5.
        assertEquals(0, Crc32Partitioner.partition(bytes("web-6a3410"), 6));
        assertEquals(5, murmur2(bytes("web-6a3410"), 6));
    }

    @Test
    void murmur2_places_as_javas_default_partitioner() {
        // Placements of Kafka's Java partitioner over 1,000 partitions, as other clients test theirs against.
        assertEquals(681, murmur2(bytes(""), 1000));
        assertEquals(524, murmur2(bytes("a"), 1000));
        assertEquals(434, murmur2(bytes("ab"), 1000));
        assertEquals(107, murmur2(bytes("abc"), 1000));
        assertEquals(566, murmur2(bytes("123456789"), 1000));
    }

    static int murmur2(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
