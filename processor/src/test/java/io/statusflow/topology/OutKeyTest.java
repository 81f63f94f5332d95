package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Output keys: only the key's bytes are written, and tenant partitioning follows the task's partition. */
class OutKeyTest {

    private static final byte[] KEY = "acme/user/7".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_serialized_key_is_the_keys_bytes_alone() {
        OutKey.Bytes serializer = new OutKey.Bytes();
        assertArrayEquals(KEY, serializer.serialize(Topics.EVENTS, new OutKey(KEY, 3)));
        assertNull(serializer.serialize(Topics.DEAD_LETTERS, new OutKey(null, 3)), "a dead letter without a key");
        assertNull(serializer.serialize(Topics.EVENTS, null));
    }

    @Test
    void a_record_goes_to_its_tasks_partition_number_modulo_the_topics_partitions() {
        OutKey.ByTask partitioner = new OutKey.ByTask();
        for (int task = 0; task < 12; task++) {
            assertEquals(Optional.of(Set.of(task)), partitioner.partitions("t", new OutKey(KEY, task), null, 12));
            assertEquals(Optional.of(Set.of(task % 5)), partitioner.partitions("t", new OutKey(KEY, task), null, 5));
        }
        assertEquals(Optional.of(Set.of(2)), partitioner.partitions("t", new OutKey(null, 2), new byte[0], 6),
                "a dead letter without a key stays with its tenant's partition too");
    }

    @Test
    void output_partitioning_reads_its_two_names_and_nothing_else() {
        assertEquals(Optional.of(OutputPartitioning.TENANT), OutputPartitioning.fromWire("tenant"));
        assertEquals(Optional.of(OutputPartitioning.KEY), OutputPartitioning.fromWire(" KEY "));
        assertEquals(Optional.empty(), OutputPartitioning.fromWire("hash"));
        assertEquals("tenant", OutputPartitioning.TENANT.wire());
    }
}
