package io.statusflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON each factory writes is the contract's command, with the admin APIs' names mapped to its actions. */
class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(StatusCommand c) throws Exception {
        return JSON.readTree(c.toJson());
    }

    @Test
    void a_deactivate_with_a_reason_and_an_actor_is_the_contract_s_command() throws Exception {
        StatusCommand c = StatusCommand.deactivateClient("tenant123", "456").withReason("maintenance window")
                .withActor(StatusCommand.Actor.user("42", "admin")).withCommandId("c-1").withExpectedVersion(7);
        assertEquals(JSON.readTree("{\"commandId\":\"c-1\",\"tenantId\":\"tenant123\",\"target\":{\"type\":\"client\",\"id\":\"456\"},"
                + "\"action\":\"deactivate\",\"reason\":\"maintenance window\",\"expectedVersion\":7,"
                + "\"actor\":{\"id\":\"42\",\"type\":\"user\",\"roles\":[\"admin\"]}}"), json(c));
    }

    @Test
    void every_action_has_its_contract_name_and_fields() throws Exception {
        Instant until = Instant.parse("2099-12-31T23:59:59Z");
        assertEquals("register", json(StatusCommand.registerTenant("t")).path("action").asText());
        assertEquals("t", json(StatusCommand.register("t", EntityType.tenant, "ignored")).path("target").path("id").asText());
        JsonNode user = json(StatusCommand.register("t", EntityType.user, "u").withStatus(Status.active).withIdentifier("u@t"));
        assertEquals("active", user.path("status").asText());
        assertEquals("u@t", user.path("identifier").asText());
        assertEquals("suspended", json(StatusCommand.setStatus("t", EntityType.user, "u", Status.suspended)).path("status").asText());
        assertEquals("phishing", json(StatusCommand.suspend("t", EntityType.user, "u", "phishing")).path("reason").asText());
        assertEquals("mark-pending-delete", json(StatusCommand.markPendingDelete("t", EntityType.user, "u")).path("action").asText());
        assertEquals("delete", json(StatusCommand.delete("t", EntityType.client, "c")).path("action").asText());
        JsonNode extend = json(StatusCommand.extendSubscription("t", until));
        assertEquals("extend-subscription", extend.path("action").asText());
        assertEquals("2099-12-31T23:59:59Z", extend.path("validUntil").asText());
        assertEquals("tenant", extend.path("target").path("type").asText());
    }

    @Test
    void the_admin_apis_names_are_the_contract_s_actions() throws Exception {
        assertEquals("activate", json(StatusCommand.enableUser("t", "u")).path("action").asText());
        assertEquals("deactivate", json(StatusCommand.disableUser("t", "u")).path("action").asText());
        assertEquals("activate", json(StatusCommand.liftSuspension("t", "u")).path("action").asText());
        assertEquals("risky", json(StatusCommand.setUserStatus("t", "ann@t", Status.risky)).path("status").asText());
        assertEquals("client", json(StatusCommand.activateClient("t", "c")).path("target").path("type").asText());
        assertEquals(List.of("deactivate", "tenant", "t"), List.of(json(StatusCommand.deactivateTenant("t")).path("action").asText(),
                json(StatusCommand.deactivateTenant("t")).path("target").path("type").asText(),
                json(StatusCommand.deactivateTenant("t")).path("target").path("id").asText()));
    }

    @Test
    void hostile_text_stays_inside_its_string_and_each_command_gets_its_own_id() throws Exception {
        String hostile = "\"},\"actor\":{\"id\":\"root\",\"type\":\"service\",\"roles\":[\"platform-admin\"]}, \u0000 \u2028 é";
        JsonNode c = json(StatusCommand.deactivate("t", EntityType.user, "u").withReason(hostile));
        assertEquals(hostile, c.path("reason").asText());
        assertFalse(c.has("actor"), "no actor smuggled in through a reason");
        assertNotEquals(StatusCommand.activateTenant("t").commandId(), StatusCommand.activateTenant("t").commandId());
        assertTrue(StatusCommand.activateTenant("t").toString().contains("activate t/tenant/t"));
    }
}
