package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.statusflow.wire.RecordBounds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field and the record itself have a bound, checked before anything is stored: a value
 * past it is a 400 or a dead letter, never a stored record, a failed send or an exception.
 */
class BoundsTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void a_key_longer_than_a_tenant_id_is_a_dead_letter_with_a_400_and_nothing_stored() {
        String key = "k".repeat(RecordBounds.MAX_KEY_BYTES + 1);
        Cmd cmd = Cmd.tenant("acme", "register").set("tenantId", key);
        w.pipe(key.getBytes(StandardCharsets.UTF_8), cmd.bytes());
        JsonNode result = only(w.results());
        assertEquals(400, result.path("code").asInt());
        assertEquals(cmd.commandId(), result.path("commandId").asText());
        assertEquals(List.of("statusflow.key-too-long"), exceptions(w.deadLetters()));
        assertEquals(0, w.storeSize(StoreNames.COMMAND_IDS), "an out-of-bounds key never reaches a store");
        assertEquals(0, w.storeSize(StoreNames.ENTITIES));

        String atBound = "k".repeat(RecordBounds.MAX_KEY_BYTES);
        assertEquals("applied", w.send(Cmd.tenant(atBound, "register")).path("outcome").asText(), "a key at the bound is fine");
    }

    @Test
    void headers_over_their_bound_are_a_dead_letter() {
        Cmd cmd = Cmd.tenant("acme", "register");
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[RecordBounds.MAX_HEADER_BYTES]);
        w.pipe(new TestRecord<>("acme".getBytes(StandardCharsets.UTF_8), cmd.bytes(), headers));
        assertEquals(400, only(w.results()).path("code").asInt());
        assertEquals(List.of("statusflow.headers-too-large"), exceptions(w.deadLetters()));
        assertEquals(0, w.storeSize(StoreNames.ENTITIES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z"})
    void dates_outside_the_years_1970_to_9999_are_a_400_on_every_date_field(String date) {
        JsonNode register = w.send(Cmd.tenant("acme", "register").validUntil(date));
        assertEquals(400, register.path("code").asInt(), register::toString);
        assertTrue(register.path("message").asText().contains("1970 to 9999")
                || register.path("message").asText().contains("in the future"), register::toString);
        assertEquals("applied", w.send(Cmd.tenant("acme", "register")).path("outcome").asText());
        JsonNode extend = w.send(Cmd.tenant("acme", "extend-subscription").validUntil(date));
        assertEquals(400, extend.path("code").asInt(), extend::toString);
        JsonNode issued = w.send(Cmd.tenant("acme", "deactivate").set("issuedAt", date));
        assertTrue(issued.path("message").asText().contains("outside the years 1970 to 9999"), issued::toString);
        assertEquals(1, w.events().size(), "only the register changed anything");
    }

    @Test
    void the_last_instant_of_9999_is_a_valid_subscription_end() {
        JsonNode r = w.send(Cmd.tenant("acme", "register").validUntil("9999-12-31T23:59:59.999999999Z"));
        assertEquals("applied", r.path("outcome").asText(), r::toString);
        assertTrue(r.path("entity").path("validUntil").asText().startsWith("9999-12-31T23:59:59.999"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/b", "a\u0000b", "", "x y"})
    void ids_that_are_path_steps_or_hold_other_characters_are_a_400(String id) {
        w.send(Cmd.tenant("acme", "register"));
        JsonNode r = w.send(Cmd.user("acme", "u1", "register").by(Actors.PLATFORM).set("target",
                JsonNodeFactory.instance.objectNode().put("type", "user").put("id", id)));
        assertEquals(400, r.path("code").asInt(), r::toString);
        JsonNode identifier = w.send(Cmd.user("acme", "u2", "register").by(Actors.PLATFORM).identifier(id));
        assertEquals(400, identifier.path("code").asInt(), identifier::toString);
    }

    @Test
    void reasons_roles_and_command_ids_are_bounded_and_free_of_control_characters() {
        w.send(Cmd.tenant("acme", "register"));
        w.send(Cmd.user("acme", "u1", "register").status("active").by(Actors.PLATFORM));
        assertEquals(400, w.send(Cmd.user("acme", "u1", "suspend").reason("a\u0000b").by(Actors.PLATFORM)).path("code").asInt());
        assertEquals(400, w.send(Cmd.user("acme", "u1", "suspend").reason("r".repeat(1025)).by(Actors.PLATFORM)).path("code").asInt());
        assertEquals(200, w.send(Cmd.user("acme", "u1", "suspend").reason("line one\nline two").by(Actors.PLATFORM)).path("code").asInt());

        assertEquals(400, w.send(Cmd.user("acme", "u1", "activate").by(new Actors.Actor("p", "service",
                java.util.Collections.nCopies(65, "platform-admin")))).path("code").asInt());
        assertEquals(400, w.send(Cmd.user("acme", "u1", "activate").by(new Actors.Actor("p", "service",
                List.of("platform-admin", "r".repeat(129))))).path("code").asInt());
        assertEquals(200, w.send(Cmd.user("acme", "u1", "activate").by(new Actors.Actor("p", "service",
                java.util.Collections.nCopies(64, "platform-admin")))).path("code").asInt());

        // A commandId with a control character cannot be answered: results are keyed by it.
        w.pipe("acme".getBytes(StandardCharsets.UTF_8), Cmd.tenant("acme", "deactivate").id("c\n1").bytes());
        w.pipe("acme".getBytes(StandardCharsets.UTF_8), Cmd.tenant("acme", "deactivate").id("c\ud800").bytes());
        assertEquals(List.of("statusflow.no-command-id", "statusflow.no-command-id"), exceptions(w.deadLetters()));
        assertTrue(w.results().isEmpty());
    }

    @Test
    void a_dead_letter_is_cut_to_what_the_producer_may_send_and_says_so() {
        int max = 4_096;
        try (TopologyDriver small = new TopologyDriver(WorkerSettings.defaults().withCluster(1, max))) {
            byte[] value = new byte[10_000];
            java.util.Arrays.fill(value, (byte) '{');
            small.pipe("acme".getBytes(StandardCharsets.UTF_8), value);
            TestRecord<byte[], byte[]> dead = small.deadLetters().get(0);
            assertTrue(DeadLetter.size(dead.key(), dead.value(), dead.headers()) <= max);
            assertEquals("10000", header(dead, DeadLetter.VALUE_CUT));
            assertEquals("statusflow.not-json", header(dead, "__streams.errors.exception"));
            assertTrue(dead.value().length > max / 2, "it keeps as much of the value as fits: " + dead.value().length);

            RecordHeaders big = new RecordHeaders();
            big.add("a", new byte[RecordBounds.MAX_HEADER_BYTES + 1]);
            small.pipe(new TestRecord<>("acme".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), big));
            TestRecord<byte[], byte[]> second = small.deadLetters().get(0);
            assertTrue(DeadLetter.size(second.key(), second.value(), second.headers()) <= max);
            assertEquals("1", header(second, DeadLetter.HEADERS_DROPPED));
            assertEquals("{}", new String(second.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_dead_letter_of_a_record_at_the_brokers_limit_fits_the_default_producer() {
        byte[] key = new byte[600_000];
        byte[] value = new byte[448_000];
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", new byte[8_000]);
        DeadLetter d = DeadLetter.fit(new org.apache.kafka.streams.processor.api.Record<>(key, value, 0L, headers),
                new RecordHeaders().add("__streams.errors.exception", "statusflow.key-too-long".getBytes(StandardCharsets.UTF_8)),
                WorkerSettings.DEFAULT_MAX_RECORD_BYTES);
        assertTrue(DeadLetter.size(d.key(), d.value(), d.headers()) <= WorkerSettings.DEFAULT_MAX_RECORD_BYTES);
        assertEquals(600_000, d.key().length, "the key is kept whole when cutting the value is enough");
        assertEquals("448000", new String(d.headers().lastHeader(DeadLetter.VALUE_CUT).value(), StandardCharsets.UTF_8));
    }

    static JsonNode only(List<JsonNode> results) {
        assertEquals(1, results.size(), results::toString);
        return results.get(0);
    }

    static List<String> exceptions(List<TestRecord<byte[], byte[]>> dead) {
        return dead.stream().map(r -> header(r, "__streams.errors.exception")).toList();
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
