package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.statusflow.domain.ActorRef;
import io.statusflow.http.Responses.Errors;
import io.statusflow.schema.EntityType;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.Json;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.RecordBounds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Commands from HTTP: the canonical {@code POST /v1/commands}, and the seeds' routes through
 * {@link #send}. The caller's identity always comes from its token, never from a body.
 */
final class Commands {

    private final Callers callers;
    private final Gateway gateway;
    private final Duration timeout;
    private final int maxCommandBytes;

    Commands(Callers callers, Gateway gateway, Duration timeout, int maxCommandBytes) {
        this.callers = callers;
        this.gateway = gateway;
        this.timeout = timeout;
        this.maxCommandBytes = maxCommandBytes;
    }

    /** Renders a command's result as a route's response. */
    interface Render {
        void render(Context ctx, JsonNode result);
    }

    /** A command from this actor, for routes that build it from a seed's request. */
    static ObjectNode command(ActorRef actor, String tenantId, EntityType type, String id, String action) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("commandId", UUID.randomUUID().toString());
        c.put("tenantId", tenantId);
        ObjectNode target = c.putObject("target");
        target.put("type", type.name());
        target.put("id", id);
        c.put("action", action);
        return from(c, actor);
    }

    /** Sets the command's actor to the caller, replacing any the body named. */
    private static ObjectNode from(ObjectNode command, ActorRef actor) {
        ObjectNode a = command.putObject("actor");
        a.put("id", actor.id());
        a.put("type", actor.type().name());
        actor.roles().forEach(a.withArray("roles")::add);
        return command;
    }

    /** {@code POST /v1/commands}: the body is the command; the answer its result, with the result's code. */
    void canonical(Context ctx) {
        Optional<ActorRef> actor = callers.actor(ctx);
        if (actor.isEmpty()) {
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            Responses.error(ctx, 400, "bad_request", "the body is not JSON");
            return;
        }
        if (body == null || !body.isObject() || !body.path("tenantId").isTextual()) {
            Responses.error(ctx, 400, "bad_request", "the body must be a command object with a tenantId");
            return;
        }
        ObjectNode command = (ObjectNode) body;
        if (!command.path("commandId").isTextual()) {
            command.put("commandId", UUID.randomUUID().toString());
        }
        send(ctx, from(command, actor.get()), (c, result) -> Responses.json(c, result.path("code").asInt(500),
                result.toString()), Errors.CANONICAL);
    }

    /**
     * Sends a command and lets {@code render} answer from its result; errors of the edge (too large,
     * unreadable, in flight, unavailable) in the route's shape. The command is checked as the worker
     * will read it before it is sent, so every command sent gets a result that names its tenant.
     */
    void send(Context ctx, ObjectNode command, Render render, Errors errors) {
        String commandId = command.get("commandId").asText();
        String tenantId = command.get("tenantId").asText();
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(command);
        } catch (Exception e) {
            Responses.error(ctx, 500, "internal", "cannot encode the command");
            return;
        }
        if (bytes.length > maxCommandBytes) {
            errors.send(ctx, 413, "the command is larger than " + maxCommandBytes + " bytes");
            return;
        }
        Optional<ReadOutcome.Unreadable> refused = RecordBounds.check(tenantId.getBytes(StandardCharsets.UTF_8), List.of());
        ReadOutcome read = refused.isPresent() ? refused.get() : new CommandReader(maxCommandBytes).read(bytes);
        if (read instanceof ReadOutcome.Unreadable unreadable) {
            errors.send(ctx, 400, "unreadable command: " + unreadable.message());
            return;
        }
        CompletableFuture<byte[]> reply = gateway.submit(tenantId, commandId, bytes,
                Optional.ofNullable(ctx.header("Authorization"))).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.future(() -> reply.handle((result, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof Gateway.InFlight inFlight) {
                errors.send(ctx, 409, inFlight.getMessage());
            } else if (cause instanceof Gateway.Unavailable unavailable) {
                Responses.unavailable(ctx, errors, unavailable.getMessage());
            } else if (cause != null) {
                gateway.forget(tenantId, commandId);
                Responses.noResultYet(ctx, timeout, commandId);
            } else {
                try {
                    render.render(ctx, Json.MAPPER.readTree(result));
                } catch (java.io.IOException e) {
                    Responses.error(ctx, 500, "internal", "unreadable result");
                }
            }
            return null;
        }));
    }
}
