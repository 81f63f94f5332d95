package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unreadable records go to the dead-letter topic and never stop the worker. */
class BadInputTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "[1,2,3]", "\"just a string\"",
        "{\"tenantId\": \"t1\"}", "{\"commandId\": 17}", "{\"commandId\": \"\"}",
        "{\"commandId\": \"a\", \"commandId\": \"b\"}"})
    void unreadable_without_a_command_id_goes_to_the_dead_letter_topic_only(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        w.pipe("t1".getBytes(StandardCharsets.UTF_8), bytes);
        List<TestRecord<byte[], byte[]>> dead = w.deadLetters();
        assertEquals(1, dead.size());
        assertArrayEquals(bytes, dead.get(0).value());
        assertArrayEquals("t1".getBytes(StandardCharsets.UTF_8), dead.get(0).key());
        assertEquals(0, w.results().size());
        assertTrue(w.events().isEmpty());
    }

    @Test
    void null_empty_invalid_utf8_and_oversized_values_are_dead_letters() {
        w.pipe(null, null);
        w.pipe("t1".getBytes(StandardCharsets.UTF_8), new byte[0]);
        w.pipe("t1".getBytes(StandardCharsets.UTF_8), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        w.pipe("t1".getBytes(StandardCharsets.UTF_8), new byte[WorkerSettings.DEFAULT_MAX_COMMAND_BYTES + 1]);
        List<TestRecord<byte[], byte[]>> dead = w.deadLetters();
        assertEquals(List.of("statusflow.empty", "statusflow.empty", "statusflow.invalid-utf8", "statusflow.oversized"),
                dead.stream().map(r -> header(r, "__streams.errors.exception")).toList());
        assertEquals(0, w.results().size());
    }

    @Test
    void dead_letters_name_the_error_source_partition_and_offset_and_keep_headers() {
        w.pipe("t1".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));
        TestRecord<byte[], byte[]> dead = w.deadLetters().get(0);
        assertEquals("statusflow.not-json", header(dead, "__streams.errors.exception"));
        assertTrue(header(dead, "__streams.errors.message").startsWith("the value is not JSON"));
        assertEquals(Topics.COMMANDS, header(dead, "__streams.errors.topic"));
        assertEquals("0", header(dead, "__streams.errors.partition"));
        assertEquals("0", header(dead, "__streams.errors.offset"));
    }

    @Test
    void wrong_types_with_a_readable_command_id_get_a_dead_letter_and_a_400_result() {
        Cmd cmd = Cmd.user("t1", "u1", "activate").by(Actors.SYNC).set("expectedVersion", "seven");
        JsonNode result = w.send(cmd);
        assertEquals(400, result.path("code").asInt());
        assertEquals("bad_request", result.path("error").asText());
        assertEquals(cmd.commandId(), result.path("commandId").asText());
        assertTrue(result.path("message").asText().contains("expectedVersion must be an integer"), result::toString);
        assertEquals(1, w.deadLetters().size());

        JsonNode intId = w.send(Cmd.user("t1", "u1", "activate").by(Actors.SYNC).set("tenantId", IntNode.valueOf(5)));
        assertEquals(400, intId.path("code").asInt());
        assertEquals(1, w.deadLetters().size());
    }

    @Test
    void json_that_repeats_a_member_gets_a_400_under_its_command_id_and_a_dead_letter() {
        byte[] t1 = "t1".getBytes(StandardCharsets.UTF_8);
        w.pipe(t1, ("{\"commandId\":\"dup-1\",\"tenantId\":\"t1\",\"target\":{\"type\":\"tenant\",\"id\":\"t1\"},"
                + "\"action\":\"deactivate\",\"action\":\"delete\"}").getBytes(StandardCharsets.UTF_8));
        w.pipe(t1, "{\"commandId\":\"trail-1\",\"action\":\"register\"} garbage".getBytes(StandardCharsets.UTF_8));
        w.pipe(t1, "{\"commandId\": \"cut-1\", \"tenantId\": \"t".getBytes(StandardCharsets.UTF_8));
        w.pipe(t1, new byte[] {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', 'I', 'd', '"', ':', '"', 'u', '8', '"', ',', '"',
            'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        List<JsonNode> results = w.results();
        assertEquals(List.of("dup-1", "trail-1", "cut-1", "u8"), results.stream().map(r -> r.path("commandId").asText()).toList());
        results.forEach(r -> assertEquals(400, r.path("code").asInt(), r::toString));
        assertTrue(results.get(0).path("message").asText().contains("Duplicate field 'action'"), results.get(0)::toString);
        assertEquals(4, w.deadLetters().size());
        assertTrue(w.events().isEmpty());
    }

    @Test
    void a_command_id_given_twice_or_as_a_number_is_no_id_so_nothing_is_answered() {
        byte[] t1 = "t1".getBytes(StandardCharsets.UTF_8);
        w.pipe(t1, "{\"commandId\":\"a\",\"commandId\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        w.pipe(t1, "{\"commandId\":7,\"x\":1,\"x\":2}".getBytes(StandardCharsets.UTF_8));
        w.pipe(t1, ("{\"commandId\":\"" + "c".repeat(129) + "\",\"x\":1,\"x\":2}").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, w.results().size());
        assertEquals(3, w.deadLetters().size());
    }

    @Test
    void the_next_good_command_is_processed_after_garbage() {
        w.pipe("acme".getBytes(StandardCharsets.UTF_8), "%%%".getBytes(StandardCharsets.UTF_8));
        JsonNode r = w.send(Cmd.tenant("acme", "register"));
        assertEquals("applied", r.path("outcome").asText());
        assertEquals(1, w.deadLetters().size());
        assertEquals(1, w.events().size());
    }

    @Test
    void unknown_extra_fields_are_ignored() {
        JsonNode r = w.send(Cmd.tenant("acme", "register").set("colour", "blue"));
        assertEquals("applied", r.path("outcome").asText());
        assertTrue(w.deadLetters().isEmpty());
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
