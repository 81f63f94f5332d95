package io.statusflow.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import java.util.UUID;

/** Builds command JSON for tests, including deliberately broken ones. */
public final class Cmd {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ObjectNode node = F.objectNode();

    private Cmd(String tenantId, String type, String id, String action) {
        node.put("commandId", UUID.randomUUID().toString());
        node.put("tenantId", tenantId);
        ObjectNode target = node.putObject("target");
        target.put("type", type);
        target.put("id", id);
        node.put("action", action);
        node.put("issuedAt", "2026-11-22T10:00:00Z");
    }

    public static Cmd of(String tenantId, String type, String id, String action) {
        return new Cmd(tenantId, type, id, action);
    }

    public static Cmd tenant(String tenantId, String action) {
        return new Cmd(tenantId, "tenant", tenantId, action).by(Actors.PLATFORM);
    }

    public static Cmd user(String tenantId, String id, String action) {
        return new Cmd(tenantId, "user", id, action);
    }

    public static Cmd client(String tenantId, String id, String action) {
        return new Cmd(tenantId, "client", id, action);
    }

    public Cmd id(String commandId) {
        node.put("commandId", commandId);
        return this;
    }

    public Cmd reason(String reason) {
        node.put("reason", reason);
        return this;
    }

    public Cmd status(String status) {
        node.put("status", status);
        return this;
    }

    public Cmd identifier(String identifier) {
        node.put("identifier", identifier);
        return this;
    }

    public Cmd validUntil(String validUntil) {
        node.put("validUntil", validUntil);
        return this;
    }

    public Cmd expectedVersion(long version) {
        node.put("expectedVersion", version);
        return this;
    }

    public Cmd by(Actors.Actor actor) {
        ObjectNode a = node.putObject("actor");
        a.put("id", actor.id());
        a.put("type", actor.type());
        ArrayNode roles = a.putArray("roles");
        actor.roles().forEach(roles::add);
        return this;
    }

    public Cmd set(String field, JsonNode value) {
        node.set(field, value);
        return this;
    }

    public Cmd set(String field, String value) {
        node.put(field, value);
        return this;
    }

    public Cmd remove(String field) {
        node.remove(field);
        return this;
    }

    public String commandId() {
        return node.get("commandId").asText();
    }

    public String tenantId() {
        return node.path("tenantId").asText();
    }

    public ObjectNode node() {
        return node;
    }

    /** The command as the wire reader hands it to the domain; fails for a command the reader refuses. */
    public io.statusflow.domain.RawCommand raw() {
        io.statusflow.wire.ReadOutcome read = new io.statusflow.wire.CommandReader(io.statusflow.topology.WorkerSettings
                .MAX_MAX_COMMAND_BYTES).read(bytes());
        if (read instanceof io.statusflow.wire.ReadOutcome.Readable readable) {
            return readable.command();
        }
        throw new IllegalStateException("the reader refuses this command: " + read);
    }

    public byte[] bytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
