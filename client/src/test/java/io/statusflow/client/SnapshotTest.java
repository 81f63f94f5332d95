package io.statusflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the view and the reply matcher read of the topics, and what they skip. */
class SnapshotTest {

    private static final String SNAPSHOT = "{\"entityKey\":\"acme/user/bob\",\"tenantId\":\"acme\",\"type\":\"user\",\"id\":\"bob\","
            + "\"identifier\":\"bob@acme\",\"status\":\"risky\",\"access\":\"restricted\",\"reason\":null,\"disabledBy\":null,"
            + "\"validUntil\":null,\"version\":4,\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-02T00:00:00Z\","
            + "\"updatedBy\":\"ops\",\"aFieldAddedLater\":{\"x\":[1,2]}}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_snapshot_gives_its_key_status_access_version_and_identifier() {
        Snapshot s = Snapshot.read("acme/user/bob", bytes(SNAPSHOT)).orElseThrow();
        assertEquals(new Snapshot("acme", EntityType.user, "bob", Optional.of("bob@acme"), Status.risky,
                io.statusflow.schema.Access.restricted, 4, false), s);
    }

    @Test
    void a_tombstone_is_a_deletion_of_its_key() {
        Snapshot s = Snapshot.read("acme/client/c1", null).orElseThrow();
        assertTrue(s.deleted());
        assertEquals(EntityType.client, s.type());
        assertEquals("c1", s.id());
    }

    @Test
    void records_that_are_not_snapshots_are_skipped() {
        for (String key : new String[] {null, "", "acme", "acme/user", "acme/user/", "/user/bob", "acme//bob", "acme/robot/bob"}) {
            assertTrue(Snapshot.read(key, bytes(SNAPSHOT)).isEmpty(), String.valueOf(key));
        }
        for (String value : new String[] {"", "[]", "not json", "{\"status\":\"gone\",\"access\":\"full\",\"version\":1}",
            "{\"status\":\"active\",\"access\":\"full\"}", "{\"status\":\"active\",\"access\":\"full\",\"version\":\"1\"}",
            "{\"status\":\"active\",\"access\":\"full\",\"version\":0}", "{\"status\":\"active\",\"access\":\"full\",\"version\":1"}) {
            assertTrue(Snapshot.read("acme/user/bob", bytes(value)).isEmpty(), value);
        }
    }

    @Test
    void a_result_is_matched_by_its_top_level_tenant_and_read_typed() {
        String result = "{\"commandId\":\"c1\",\"target\":{\"type\":\"user\",\"id\":\"bob\",\"tenantId\":\"other\"},\"tenantId\":\"acme\",\"action\":\"activate\","
                + "\"outcome\":\"applied\",\"code\":200,\"error\":null,\"message\":\"user bob activated\",\"entity\":" + SNAPSHOT
                + ",\"duplicate\":false,\"processedAt\":\"2026-01-02T00:00:00Z\"}";
        assertEquals("acme", Replies.tenantOf(bytes(result)));
        assertEquals(null, Replies.tenantOf(bytes("{\"commandId\":\"c1\",\"tenantId\":null}")));
        assertEquals(null, Replies.tenantOf(bytes("garbage")));
        CommandResult r = AvroJsonReader.read(bytes(result), CommandResult.class);
        assertEquals(Outcome.applied, r.getOutcome());
        assertEquals(4, r.getEntity().getVersion());
        assertEquals(Status.risky, r.getEntity().getStatus());
    }
}
