package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.domain.ActorRef;
import io.statusflow.schema.EntityType;
import io.statusflow.wire.Json;
import java.util.Map;
import java.util.UUID;

/**
 * The command JSON the HTTP edge sends, built here only: from a canonical request's body, or from
 * a seed route's target, action and fields. The actor is always the caller's, never the body's.
 */
final class CommandJson {

    private CommandJson() {}

    /** A command ready to send: its pair, and its JSON. */
    record Draft(String commandId, String tenantId, byte[] json) {}

    /** Why a canonical body is not a command. */
    static final class NotACommand extends Exception {
        NotACommand(String message) {
            super(message, null, false, false);
        }
    }

    /** A canonical request's body as the caller's command; a commandId is made up when it has none. */
    static Draft canonical(byte[] body, ActorRef caller) throws NotACommand {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new NotACommand("the body is not JSON");
        }
        if (tree == null || !tree.isObject() || !tree.path("tenantId").isTextual()) {
            throw new NotACommand("the body must be a command object with a tenantId");
        }
        ObjectNode command = (ObjectNode) tree;
        if (!command.path("commandId").isTextual()) {
            command.put("commandId", UUID.randomUUID().toString());
        }
        return draft(command, caller);
    }

    /** A command from the caller, with {@code fields} (contract names) besides target and action. */
    static Draft of(ActorRef caller, String tenantId, EntityType type, String id, String action, Map<String, String> fields) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("commandId", UUID.randomUUID().toString());
        c.put("tenantId", tenantId);
        ObjectNode target = c.putObject("target");
        target.put("type", type.name());
        target.put("id", id);
        c.put("action", action);
        fields.forEach(c::put);
        return draft(c, caller);
    }

    static Draft of(ActorRef caller, String tenantId, EntityType type, String id, String action) {
        return of(caller, tenantId, type, id, action, Map.of());
    }

    private static Draft draft(ObjectNode command, ActorRef caller) {
        ObjectNode a = command.putObject("actor");
        a.put("id", caller.id());
        a.put("type", caller.type().name());
        caller.roles().forEach(a.withArray("roles")::add);
        try {
            return new Draft(command.get("commandId").asText(), command.get("tenantId").asText(),
                    Json.MAPPER.writeValueAsBytes(command));
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode a command", e);
        }
    }
}
