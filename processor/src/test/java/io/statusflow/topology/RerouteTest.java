package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test driver reads every record from partition 0. With five partitions, tenant {@code ta} is
 * owned by partition 0 (Java's partitioner) and {@code tb} by partition 4: tb's commands arrive on
 * a partition that does not own them, as a crc32 producer's may, and go through the reroute topic,
 * which the driver feeds back.
 */
class RerouteTest {

    private final TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withCluster(5, WorkerSettings.DEFAULT_MAX_RECORD_BYTES));

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void the_partitions_of_the_two_tenants_are_as_this_test_assumes() {
        assertEquals(0, Reroute.owner("ta".getBytes(StandardCharsets.UTF_8), 5));
        assertEquals(4, Reroute.owner("tb".getBytes(StandardCharsets.UTF_8), 5));
    }

    @Test
    void a_command_on_its_owners_partition_takes_no_extra_hop() {
        assertEquals("applied", w.send(Cmd.tenant("ta", "register")).path("outcome").asText());
        assertEquals(List.of(), w.rerouted());
    }

    @Test
    void a_command_on_another_partition_is_forwarded_unchanged_once_and_answered_once() {
        Cmd cmd = Cmd.tenant("tb", "register");
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        w.pipe(new TestRecord<>("tb".getBytes(StandardCharsets.UTF_8), cmd.bytes(), headers, 1_234L));
        JsonNode result = BoundsTest.only(w.results());
        assertEquals("applied", result.path("outcome").asText());
        List<TestRecord<byte[], byte[]>> forwarded = w.rerouted();
        assertEquals(1, forwarded.size(), "forwarded once");
        TestRecord<byte[], byte[]> r = forwarded.get(0);
        assertArrayEquals("tb".getBytes(StandardCharsets.UTF_8), r.key());
        assertArrayEquals(cmd.bytes(), r.value());
        assertEquals(1_234L, r.timestamp());
        assertArrayEquals("00-abc-def-01".getBytes(StandardCharsets.UTF_8), r.headers().lastHeader("traceparent").value());
        assertEquals(1, w.events().size());
    }

    @Test
    void rerouted_commands_keep_their_order_and_their_idempotency() {
        Cmd register = Cmd.tenant("tb", "register");
        Cmd off = Cmd.tenant("tb", "deactivate");
        w.send(register);
        w.send(off);
        JsonNode again = w.send(off);
        assertEquals(true, again.path("duplicate").asBoolean());
        assertEquals(2, again.path("entity").path("version").asLong());
        assertEquals(3, w.rerouted().size());
    }

    @Test
    void a_record_too_large_to_be_a_command_is_dead_lettered_where_it_arrived() {
        w.pipe("tb".getBytes(StandardCharsets.UTF_8), new byte[WorkerSettings.DEFAULT_MAX_COMMAND_BYTES + 1]);
        assertEquals(List.of("statusflow.oversized"), BoundsTest.exceptions(w.deadLetters()));
        assertEquals(List.of(), w.rerouted());
    }
}
