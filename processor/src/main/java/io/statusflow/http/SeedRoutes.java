package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.statusflow.domain.ActorRef;
import io.statusflow.http.Responses.Errors;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityType;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The five seed APIs, each turned into commands and reads with the paths, bodies, response shapes
 * and codes its document shows. Fields statusflow does not hold (names, emails) are left out. Every
 * route authenticates its caller before it reads a body. The JSON of each is in {@link SeedJson}.
 */
final class SeedRoutes {

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden",
            404, "Not Found", 409, "Conflict", 429, "Too Many Requests", 503, "Service Unavailable");
    /** Seed 000: {"error": "Forbidden", "message": "..."}. */
    private static final Errors REASON_AND_MESSAGE = (ctx, status, message) ->
            Responses.error(ctx, status, REASONS.getOrDefault(status, "Error"), message);
    /** Seed 001: {"error": "..."} with the message itself (a message field too, for tools that read it). */
    private static final Errors MESSAGE_AS_ERROR = (ctx, status, message) -> Responses.error(ctx, status, message, message);

    /** Seed 001's, 002's and 003's names for the command fields their bodies carry. */
    private static final Map<String, String> SEED_001 = Map.of("reason", "suspensionReason");
    private static final Map<String, String> SEED_002_UPGRADE = Map.of("validUntil", "extendedExpiryDate");
    private static final Map<String, String> SEED_003 = Map.of("reason", "review_comment");

    private final Callers callers;
    private final Commands commands;
    private final Reads reads;
    private final String defaultTenant;

    SeedRoutes(Callers callers, Commands commands, Reads reads, String defaultTenant) {
        this.callers = callers;
        this.commands = commands;
        this.reads = reads;
        this.defaultTenant = defaultTenant;
    }

    void register(RoutesConfig routes) {
        routes.patch("/clients/v1/tenants/{tenantId}/clients/{id}/activate", ctx -> clientStatus(ctx, "activate"));
        routes.patch("/clients/v1/tenants/{tenantId}/clients/{id}/deactivate", ctx -> clientStatus(ctx, "deactivate"));
        routes.get("/clients/v1/tenants/{tenantId}/clients/{id}", ctx -> reads.read(ctx, ctx.pathParam("tenantId"),
                EntityType.client, ctx.pathParam("id"), (c, snap) -> Responses.json(c, 200, SeedJson.client(snap)),
                REASON_AND_MESSAGE));
        routes.patch("/api/admin/users/{id}/status", this::userStatus);
        routes.get("/api/v1/tenants/{id}/status", ctx -> reads.read(ctx, ctx.pathParam("id"), EntityType.tenant,
                ctx.pathParam("id"), (c, snap) -> Responses.json(c, 200, SeedJson.tenant(snap)), Errors.CANONICAL));
        routes.post("/api/v1/tenants/{id}/activation", this::tenantActivation);
        routes.post("/api/v1/tenants/{id}/upgrade", this::tenantUpgrade);
        routes.patch("/users/{idOrIdentifier}", this::userSetStatus);
        routes.put("/AdminInterface/restapi/v1/users/{userId}/userStatus", this::userEnabled);
    }

    /** What a route takes from its body. */
    private interface Parse<T> {
        T parse(JsonNode body) throws SeedJson.Malformed;
    }

    /** An authenticated caller and what its body asks. */
    private record Request<T>(ActorRef actor, T asked) {}

    /**
     * Authenticates the caller (refused with {@code unauthenticated}, the seed's code for it), then
     * reads the body; empty when either was refused, the answer already sent in the route's shape.
     */
    private <T> Optional<Request<T>> request(Context ctx, Errors errors, int unauthenticated, Parse<T> parse) {
        Optional<ActorRef> caller = callers.actor(ctx, errors, unauthenticated);
        if (caller.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Request<>(caller.get(), parse.parse(SeedJson.object(ctx.bodyAsBytes()))));
        } catch (SeedJson.Malformed e) {
            errors.send(ctx, 400, e.getMessage());
            return Optional.empty();
        }
    }

    // --- seed 000: client status -------------------------------------------------------

    private void clientStatus(Context ctx, String action) {
        callers.actor(ctx, REASON_AND_MESSAGE, 401).ifPresent(actor -> send(ctx,
                CommandJson.of(actor, ctx.pathParam("tenantId"), EntityType.client, ctx.pathParam("id"), action),
                REASON_AND_MESSAGE, Map.of(), (c, entity) -> Responses.json(c, 200, "{}")));
    }

    // --- seed 001: toggle user status --------------------------------------------------

    private void userStatus(Context ctx) {
        request(ctx, MESSAGE_AS_ERROR, 401, SeedJson::toggle).ifPresent(r -> send(ctx,
                CommandJson.of(r.actor(), defaultTenant, EntityType.user, ctx.pathParam("id"), r.asked().action(),
                        r.asked().reason().map(reason -> Map.of("reason", reason)).orElse(Map.of())),
                MESSAGE_AS_ERROR, SEED_001, (c, e) -> Responses.json(c, 200, SeedJson.user001(e))));
    }

    // --- seed 002: tenant status -------------------------------------------------------

    private void tenantActivation(Context ctx) {
        String id = ctx.pathParam("id");
        request(ctx, Errors.CANONICAL, 401, b -> SeedJson.activation(b, id)).ifPresent(r -> send(ctx,
                CommandJson.of(r.actor(), id, EntityType.tenant, id, r.asked() ? "activate" : "deactivate"),
                Errors.CANONICAL, Map.of(), (c, e) -> Responses.json(c, 200, SeedJson.activated(id, e, r.asked()))));
    }

    private void tenantUpgrade(Context ctx) {
        String id = ctx.pathParam("id");
        request(ctx, Errors.CANONICAL, 401, b -> SeedJson.upgrade(b, id)).ifPresent(r -> send(ctx,
                CommandJson.of(r.actor(), id, EntityType.tenant, id, "extend-subscription", Map.of("validUntil", r.asked())),
                Errors.CANONICAL, SEED_002_UPGRADE, (c, e) -> Responses.json(c, 200, SeedJson.upgraded(id, e))));
    }

    // --- seed 003: set a user's status by id or identifier -----------------------------

    private void userSetStatus(Context ctx) {
        request(ctx, Errors.CANONICAL, 401, SeedJson::setStatus).ifPresent(r -> {
            Map<String, String> fields = new java.util.HashMap<>(Map.of("status", r.asked().status().name()));
            r.asked().comment().ifPresent(comment -> fields.put("reason", comment));
            send(ctx, CommandJson.of(r.actor(), defaultTenant, EntityType.user, ctx.pathParam("idOrIdentifier"), "set-status",
                    fields), Errors.CANONICAL, SEED_003, (c, e) -> Responses.json(c, 200, SeedJson.user003(e)));
        });
    }

    // --- seed 004: Enabled / Disabled ---------------------------------------------------

    private void userEnabled(Context ctx) {
        String userId = ctx.pathParam("userId");
        // Seed 004 answers 403 for a token that is not valid (expired JWT).
        Optional<Request<Boolean>> request = request(ctx, Errors.CANONICAL, 403, SeedJson::enabled);
        if (request.isEmpty()) {
            return;
        }
        if (userId.isBlank()) {
            Responses.error(ctx, 404, "not_found", "user id is blank");
            return;
        }
        send(ctx, CommandJson.of(request.get().actor(), defaultTenant, EntityType.user, userId,
                request.get().asked() ? "activate" : "deactivate"),
                Errors.CANONICAL, Map.of(), (c, e) -> Responses.json(c, 200, SeedJson.user004(e)));
    }

    // --- shared -------------------------------------------------------------------------

    /**
     * Sends the command; on 200 renders the result's entity, otherwise the route's error shape with
     * the result's code, and its message with the field it is about called by the route's name for it.
     */
    private void send(Context ctx, CommandJson.Draft cmd, Errors errors, Map<String, String> names,
            BiConsumer<Context, EntitySnapshot> ok) {
        commands.send(ctx, cmd, (c, json, result) -> {
            if (result.getCode() == 200) {
                ok.accept(c, result.getEntity());
            } else {
                errors.send(c, result.getCode(), message(result, names));
            }
        }, errors);
    }

    /**
     * A rejection's message with the field it is about renamed: the domain names that field in the
     * result and starts the message with it. An answer kept before results named their field keeps
     * the command's name.
     */
    static String message(CommandResult result, Map<String, String> names) {
        String field = result.getField();
        String message = result.getMessage();
        String name = field == null ? null : names.get(field);
        return name != null && message.startsWith(field + " ") ? name + message.substring(field.length()) : message;
    }
}
