package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact event and snapshot records of docs/contract.md, "Events". */
class EventsAndSnapshotsTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void register_emits_version_1_with_no_previous_and_publishes_the_snapshot() {
        Given.tenantWithAdmin(w, "tenant123", "42");
        Cmd register = Cmd.client("tenant123", "456", "register").status("active").by(Actors.admin("42"));
        w.send(register);

        List<JsonNode> events = w.events();
        assertEquals(1, events.size());
        JsonNode e = events.get(0);
        assertEquals(List.of("eventId", "entityKey", "tenantId", "target", "previous", "current", "cause",
                "commandId", "actor", "reason", "validUntil", "version", "occurredAt"), fieldNames(e));
        assertEquals("tenant123/client/456", e.path("entityKey").asText());
        assertEquals("tenant123", e.path("tenantId").asText());
        assertEquals("client", e.path("target").path("type").asText());
        assertEquals("456", e.path("target").path("id").asText());
        assertTrue(e.path("previous").isNull());
        assertEquals("active", e.path("current").path("status").asText());
        assertEquals("full", e.path("current").path("access").asText());
        assertEquals("command", e.path("cause").asText());
        assertEquals(register.commandId(), e.path("commandId").asText());
        assertEquals("42", e.path("actor").path("id").asText());
        assertEquals("user", e.path("actor").path("type").asText());
        assertEquals("ADMIN", e.path("actor").path("roles").get(0).asText());
        assertTrue(e.path("validUntil").isNull());
        assertEquals(1, e.path("version").asLong());
        assertEquals(TopologyDriver.START.toString(), e.path("occurredAt").asText());

        List<KeyValue<String, JsonNode>> current = w.current();
        assertEquals(1, current.size());
        assertEquals("tenant123/client/456", current.get(0).key);
        JsonNode s = current.get(0).value;
        assertEquals(List.of("entityKey", "tenantId", "type", "id", "identifier", "status", "access", "reason",
                "disabledBy", "validUntil", "version", "createdAt", "updatedAt", "updatedBy"), fieldNames(s));
        assertEquals("client", s.path("type").asText());
        assertEquals("active", s.path("status").asText());
        assertEquals(1, s.path("version").asLong());
        assertEquals("42", s.path("updatedBy").asText());
        assertTrue(w.quiet());
    }

    @Test
    void deactivate_emits_previous_and_current_with_the_next_version() {
        Given.tenantWithAdmin(w, "tenant123", "42");
        Given.client(w, "tenant123", "456", "active");
        w.advance(java.time.Duration.ofSeconds(5));
        Cmd off = Cmd.client("tenant123", "456", "deactivate").reason("maintenance window").by(Actors.admin("42"));
        JsonNode result = w.send(off);

        assertEquals(List.of("commandId", "tenantId", "target", "action", "outcome", "code", "error", "message",
                "entity", "duplicate", "processedAt", "field"), fieldNames(result));
        assertEquals(off.commandId(), result.path("commandId").asText());
        assertEquals("deactivate", result.path("action").asText());
        assertTrue(result.path("error").isNull());
        assertEquals(false, result.path("duplicate").asBoolean());

        JsonNode e = w.events().get(0);
        assertEquals("active", e.path("previous").path("status").asText());
        assertEquals("full", e.path("previous").path("access").asText());
        assertEquals("inactive", e.path("current").path("status").asText());
        assertEquals("none", e.path("current").path("access").asText());
        assertEquals("maintenance window", e.path("reason").asText());
        assertEquals(2, e.path("version").asLong());

        JsonNode s = w.current().get(0).value;
        assertEquals("inactive", s.path("status").asText());
        assertEquals("admin", s.path("disabledBy").asText());
        assertEquals("maintenance window", s.path("reason").asText());
        assertEquals(TopologyDriver.START.toString(), s.path("createdAt").asText());
        assertEquals(TopologyDriver.START.plusSeconds(5).toString(), s.path("updatedAt").asText());
    }

    @Test
    void delete_emits_deleted_and_writes_a_tombstone_and_reregistration_continues_the_version() {
        Given.tenantWithAdmin(w, "t1", "alice");
        w.send(Cmd.user("t1", "u1", "register").identifier("ben").status("active").by(Actors.SYNC));
        w.send(Cmd.user("t1", "u1", "mark-pending-delete").by(Actors.SYNC));
        Given.drain(w);

        JsonNode r = w.send(Cmd.user("t1", "u1", "delete").by(Actors.SYNC));
        assertEquals("deleted", r.path("entity").path("status").asText());
        JsonNode e = w.events().get(0);
        assertEquals("pending_delete", e.path("previous").path("status").asText());
        assertEquals("deleted", e.path("current").path("status").asText());
        assertEquals("none", e.path("current").path("access").asText());
        assertEquals(3, e.path("version").asLong());
        List<KeyValue<String, JsonNode>> current = w.current();
        assertEquals(1, current.size());
        assertEquals("t1/user/u1", current.get(0).key);
        assertNull(current.get(0).value);

        assertEquals(404, w.send(Cmd.user("t1", "u1", "activate").by(Actors.SYNC)).path("code").asInt());
        assertEquals(404, w.send(Cmd.user("t1", "ben", "activate").by(Actors.SYNC)).path("code").asInt());
        JsonNode again = w.send(Cmd.user("t1", "u2", "register").identifier("ben").by(Actors.SYNC));
        assertEquals("applied", again.path("outcome").asText(), "the identifier is free again");
        w.events();
        JsonNode back = w.send(Cmd.user("t1", "u1", "register").by(Actors.SYNC));
        assertEquals("applied", back.path("outcome").asText());
        JsonNode reborn = w.events().get(0);
        assertTrue(reborn.path("previous").isNull());
        assertEquals(4, reborn.path("version").asLong(), "versions never repeat for an entity key");
    }

    @Test
    void versions_count_events_without_gaps() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "u1", "pending");
        String[] actions = {"activate", "activate", "deactivate", "deactivate", "activate"};
        for (String action : actions) {
            w.send(Cmd.user("t1", "u1", action).by(Actors.admin("alice")));
        }
        List<JsonNode> events = w.events();
        assertEquals(3, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 2, events.get(i).path("version").asLong());
        }
    }

    @Test
    void event_ids_are_unique_per_entity_version() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "u1", "active");
        w.send(Cmd.user("t1", "u1", "deactivate").by(Actors.admin("alice")));
        w.send(Cmd.user("t1", "u1", "activate").by(Actors.admin("alice")));
        List<JsonNode> events = w.events();
        assertEquals(2, events.size());
        assertTrue(!events.get(0).path("eventId").asText().equals(events.get(1).path("eventId").asText()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
