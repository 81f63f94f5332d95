package io.statusflow.http;

import io.javalin.http.Context;
import io.statusflow.client.AvroJsonReader;
import io.statusflow.domain.ActorRef;
import io.statusflow.http.Responses.Errors;
import io.statusflow.schema.CommandResult;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.RecordBounds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /** Renders a command's result as a route's response: its JSON as the results topic holds it, and typed. */
    interface Render {
        void render(Context ctx, byte[] json, CommandResult result);
    }

    /** {@code POST /v1/commands}: the body is the command; the answer its result as is, with the result's code. */
    void canonical(Context ctx) {
        Optional<ActorRef> actor = callers.actor(ctx);
        if (actor.isEmpty()) {
            return;
        }
        CommandJson.Draft draft;
        try {
            draft = CommandJson.canonical(ctx.bodyAsBytes(), actor.get());
        } catch (CommandJson.NotACommand e) {
            Responses.error(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        send(ctx, draft, (c, json, result) -> Responses.json(c, result.getCode(), new String(json, StandardCharsets.UTF_8)),
                Errors.CANONICAL);
    }

    /**
     * Sends a command and lets {@code render} answer from its result; errors of the edge (too large,
     * unreadable, in flight, unavailable) in the route's shape. The command is checked as the worker
     * will read it before it is sent, so every command sent gets a result that names its tenant.
     */
    void send(Context ctx, CommandJson.Draft command, Render render, Errors errors) {
        String commandId = command.commandId();
        String tenantId = command.tenantId();
        if (command.json().length > maxCommandBytes) {
            errors.send(ctx, 413, "the command is larger than " + maxCommandBytes + " bytes");
            return;
        }
        Optional<ReadOutcome.Unreadable> refused = RecordBounds.check(tenantId.getBytes(StandardCharsets.UTF_8), List.of());
        ReadOutcome read = refused.isPresent() ? refused.get() : new CommandReader(maxCommandBytes).read(command.json());
        if (read instanceof ReadOutcome.Unreadable unreadable) {
            errors.send(ctx, 400, "unreadable command: " + unreadable.message());
            return;
        }
        CompletableFuture<byte[]> reply = gateway.submit(tenantId, commandId, command.json(),
                Optional.ofNullable(ctx.header("Authorization"))).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.future(() -> reply.handle((json, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof Gateway.InFlight inFlight) {
                errors.send(ctx, 409, inFlight.getMessage());
            } else if (cause instanceof Gateway.Unavailable unavailable) {
                Responses.unavailable(ctx, errors, unavailable.getMessage());
            } else if (cause != null) {
                gateway.forget(tenantId, commandId);
                Responses.noResultYet(ctx, timeout, commandId);
            } else {
                CommandResult result;
                try {
                    result = AvroJsonReader.read(json, CommandResult.class);
                } catch (RuntimeException e) {
                    Responses.error(ctx, 500, "internal", "unreadable result");
                    return null;
                }
                render.render(ctx, json, result);
            }
            return null;
        }));
    }
}
