package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Shared Signals topics' records, now written from their schemas: what earlier releases wrote
 * is read the same, and what is written now is what those releases read (no JSON null for an absent
 * field, which they would have read as the text "null"), so instances of both can share a cluster.
 */
class SsfRecordsTest {

    /** As the release before the schemas wrote a tenant-limited push stream. */
    private static final String OLD_STREAM = "{\"stream_id\":\"s1\",\"aud\":\"siem\",\"tenant_id\":\"acme\","
            + "\"events_requested\":[\"" + EventTypes.SESSION_REVOKED + "\"],\"delivery\":{\"method\":\"urn:ietf:rfc:8935\","
            + "\"endpoint_url\":\"https://rx.example/push\",\"authorization_header\":\"Bearer x\"},\"description\":\"d\","
            + "\"status\":\"paused\",\"reason\":\"maintenance\",\"verified_at\":\"2026-11-22T10:00:00.123456789Z\"}";
    /** And a poll stream for every tenant, never verified. */
    private static final String OLD_POLL_STREAM = "{\"stream_id\":\"s2\",\"aud\":\"siem\",\"events_requested\":[],"
            + "\"delivery\":{\"method\":\"urn:ietf:rfc:8936\",\"endpoint_url\":\"https://sf.example/ssf/poll/s2\"},"
            + "\"status\":\"disabled\",\"reason\":\"tenant deleted\",\"tenant_deleted\":true}";
    private static final String OLD_QUEUED = "{\"stream_id\":\"s1\",\"jti\":\"j1\",\"txn\":\"e1\",\"type\":\""
            + EventTypes.SESSION_REVOKED + "\",\"sub_id\":{\"format\":\"complex\",\"tenant\":{\"format\":\"opaque\","
            + "\"id\":\"acme\"},\"user\":{\"format\":\"iss_sub\",\"iss\":\"https://sf.example/u\",\"sub\":\"ana\"}},"
            + "\"event\":{\"event_timestamp\":1764000000,\"reason_admin\":{\"en\":\"unpaid\"}}}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void streams_written_before_the_schema_read_the_same_and_are_written_back_as_they_were() throws Exception {
        StreamRecord push = StreamRecord.read(utf8(OLD_STREAM)).orElseThrow();
        assertEquals(Optional.of("acme"), push.stream().tenantId());
        assertEquals(Optional.of("Bearer x"), push.stream().delivery().authorizationHeader());
        assertEquals(StreamStatus.paused, push.status());
        assertEquals(Optional.of(Instant.parse("2026-11-22T10:00:00.123456789Z")), push.verifiedAt());
        assertFalse(push.tenantGone());
        StreamRecord poll = StreamRecord.read(utf8(OLD_POLL_STREAM)).orElseThrow();
        assertEquals(Optional.empty(), poll.stream().tenantId());
        assertEquals(Optional.empty(), poll.stream().delivery().authorizationHeader());
        assertEquals(Optional.empty(), poll.verifiedAt());
        assertTrue(poll.tenantGone());

        for (String old : List.of(OLD_STREAM, OLD_POLL_STREAM)) {
            StreamRecord r = StreamRecord.read(utf8(old)).orElseThrow();
            JsonNode written = Json.MAPPER.readTree(r.bytes());
            assertNoNulls(written);
            JsonNode expected = Json.MAPPER.readTree(old);
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("tenant_deleted", r.tenantGone())
                    .put("default_subjects", "ALL").put("subjects_chosen", false);
            assertEquals(expected, written, "the same JSON as before, with tenant_deleted and the subject choice written");
            assertEquals(r, StreamRecord.read(r.bytes()).orElseThrow());
        }
    }

    @Test
    void queued_sets_keep_their_claims_as_json_objects() throws Exception {
        Queued q = Queued.read(utf8(OLD_QUEUED)).orElseThrow();
        assertEquals(Optional.of("e1"), q.txn());
        assertEquals(Map.of("en", "unpaid"), q.event().payload().get("reason_admin"));
        assertEquals("complex", q.event().subject().get("format"));
        JsonNode written = Json.MAPPER.readTree(q.bytes());
        assertEquals(Json.MAPPER.readTree(OLD_QUEUED), written, "the same JSON as before");
        assertEquals(q, Queued.read(q.bytes()).orElseThrow());
        Queued once = Queued.once("s1", new SecurityEvent(EventTypes.VERIFICATION, Map.of("format", "opaque", "id", "s1"),
                Map.of("state", "x")));
        assertNoNulls(Json.MAPPER.readTree(once.bytes()));
        assertFalse(Json.MAPPER.readTree(once.bytes()).has("txn"), "no txn: left out, not null");
    }

    @Test
    void what_is_not_such_a_record_is_skipped() {
        for (String bad : List.of("", "[]", "{}", "{\"stream_id\":1}", "{\"stream_id\":\"s\",\"jti\":\"j\",\"type\":\"t\","
                + "\"sub_id\":\"not an object\",\"event\":{}}", "\u0000")) {
            assertEquals(Optional.empty(), StreamRecord.read(utf8(bad)), bad);
            assertEquals(Optional.empty(), Queued.read(utf8(bad)), bad);
        }
    }

    static void assertNoNulls(JsonNode n) {
        assertFalse(n.isNull(), "a JSON null, which releases before the schema read as the text \"null\"");
        n.forEach(SsfRecordsTest::assertNoNulls);
    }
}
