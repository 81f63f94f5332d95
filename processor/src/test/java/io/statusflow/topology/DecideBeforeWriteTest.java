package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.EntityState;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A command's whole answer is decided before anything is written: when deciding fails (a bug, or a
 * state no command could make), the command is answered 500, dead-lettered with the error, nothing
 * changes, and the partition goes on.
 */
class DecideBeforeWriteTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void a_failure_while_deciding_is_a_500_and_a_dead_letter_and_changes_nothing() {
        Given.tenantWithAdmin(w, "acme", "alice");
        Given.user(w, "acme", "bob", "active");
        KeyValueStore<String, EntityState> entities = w.store(StoreNames.ENTITIES);
        EntityState bob = entities.get("acme/user/bob");
        bob.getSnapshot().setVersion(Long.MAX_VALUE);
        entities.put("acme/user/bob", bob);
        long commandIdsBefore = w.storeSize(StoreNames.COMMAND_IDS);

        Cmd off = Cmd.user("acme", "bob", "deactivate").by(Actors.admin("alice"));
        JsonNode result = w.send(off);
        assertEquals(500, result.path("code").asInt(), result::toString);
        assertEquals("internal_error", result.path("error").asText());
        assertEquals("rejected", result.path("outcome").asText());
        assertEquals("acme", result.path("tenantId").asText());
        assertEquals("bob", result.path("target").path("id").asText());
        TestRecord<byte[], byte[]> dead = w.deadLetters().get(0);
        assertEquals("statusflow.internal-error", BoundsTest.header(dead, "__streams.errors.exception"));
        assertTrue(BoundsTest.header(dead, "__streams.errors.message").startsWith("java.lang.ArithmeticException"));
        assertTrue(BoundsTest.header(dead, "__streams.errors.stacktrace").contains("Transition"));
        assertTrue(w.events().isEmpty() && w.current().isEmpty(), "no event, no snapshot");
        assertEquals(Long.MAX_VALUE, entities.get("acme/user/bob").getSnapshot().getVersion(), "the entity is unchanged");
        assertEquals(commandIdsBefore + 1, w.storeSize(StoreNames.COMMAND_IDS), "only the answer is kept");

        JsonNode again = w.send(off);
        assertEquals(500, again.path("code").asInt());
        assertTrue(again.path("duplicate").asBoolean(), "a resent command gets its first answer");
        assertEquals("applied", w.send(Cmd.user("acme", "alice", "suspend").reason("x").by(Actors.PLATFORM))
                .path("outcome").asText(), "the partition goes on");
    }
}
