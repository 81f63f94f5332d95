package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.Outcome;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A command is identified by (record key, commandId), with no encoding that two different pairs share. */
class IdempotencyKeyTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void a_key_with_a_slash_does_not_suppress_another_keys_command() {
        w.pipe("acme/s3".getBytes(StandardCharsets.UTF_8), Cmd.tenant("acme", "register").id("t1").bytes());
        assertEquals(400, BoundsTest.only(w.results()).path("code").asInt());

        JsonNode register = w.send(Cmd.tenant("acme", "register").id("s3/t1"));
        assertEquals("applied", register.path("outcome").asText(), register::toString);
        assertFalse(register.path("duplicate").asBoolean());
        assertEquals("s3/t1", register.path("commandId").asText());
    }

    @Test
    void the_other_order_does_not_republish_the_first_result_under_the_other_key() {
        assertEquals("applied", w.send(Cmd.tenant("acme", "register").id("s3/t1")).path("outcome").asText());
        w.pipe("acme/s3".getBytes(StandardCharsets.UTF_8), Cmd.tenant("acme", "register").id("t1").bytes());
        JsonNode second = BoundsTest.only(w.results());
        assertEquals(400, second.path("code").asInt(), second::toString);
        assertEquals("t1", second.path("commandId").asText());
        assertFalse(second.path("duplicate").asBoolean());
        assertTrue(second.path("entity").isNull() || second.path("entity").isMissingNode(), "no entity of acme's");
    }

    @Test
    void answers_stored_by_earlier_builds_are_still_duplicates_for_their_own_pair_only() {
        KeyValueStore<String, CommandResult> ids = w.store(StoreNames.COMMAND_IDS);
        ids.put("acme/c1", legacy("c1", "acme"));
        ids.put("acme/s3/t1", legacy("t1", "acme"));

        JsonNode resent = w.send(Cmd.tenant("acme", "register").id("c1"));
        assertTrue(resent.path("duplicate").asBoolean(), resent::toString);
        assertEquals("applied", resent.path("outcome").asText());

        JsonNode other = w.send(Cmd.tenant("acme", "deactivate").id("s3/t1"));
        assertFalse(other.path("duplicate").asBoolean(), "the old entry under acme/s3/t1 was commandId t1's");
        assertTrue(w.storeHasKey(StoreNames.COMMAND_IDS, CommandIds.key("acme", "s3/t1")));
    }

    @Test
    void a_fresh_store_never_reads_the_old_format() {
        w.send(Cmd.tenant("acme", "register").id("c0"));
        KeyValueStore<String, CommandResult> ids = w.store(StoreNames.COMMAND_IDS);
        ids.put("acme/c1", legacy("c1", "acme"));
        assertFalse(w.send(Cmd.tenant("acme", "deactivate").id("c1")).path("duplicate").asBoolean());
    }

    @Test
    void a_repeated_rejection_names_its_field_again() {
        JsonNode first = w.send(Cmd.tenant("acme", "suspend").id("s1").by(Actors.PLATFORM));
        JsonNode again = w.send(Cmd.tenant("acme", "suspend").id("s1").by(Actors.PLATFORM));
        assertEquals(400, first.path("code").asInt(), first::toString);
        assertEquals("reason", first.path("field").asText(), first::toString);
        assertTrue(again.path("duplicate").asBoolean(), again::toString);
        assertEquals("reason", again.path("field").asText(), again::toString);
        assertEquals(first.path("message"), again.path("message"));
    }

    @Test
    void keys_of_different_pairs_differ() {
        assertFalse(CommandIds.key("acme/s3", "t1").equals(CommandIds.key("acme", "s3/t1")));
        assertFalse(CommandIds.key("a1", "2").equals(CommandIds.key("a", "12")));
        assertFalse(CommandIds.key("1:a", "b").equals(CommandIds.key("1", ":ab")));
    }

    private static CommandResult legacy(String commandId, String tenantId) {
        return CommandResult.newBuilder().setCommandId(commandId).setTenantId(tenantId).setOutcome(Outcome.applied)
                .setCode(200).setMessage("tenant registered").setDuplicate(false).setProcessedAt(TopologyDriver.START).build();
    }
}
