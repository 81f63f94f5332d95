package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.statusflow.domain.ActorRef;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.wire.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The five seed APIs, each turned into commands and reads with the paths, bodies, response shapes
 * and codes its document shows. Fields statusflow does not hold (names, emails) are left out. Every
 * route authenticates its caller before it reads a body.
 */
final class SeedRoutes {

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden",
            404, "Not Found", 409, "Conflict", 429, "Too Many Requests", 503, "Service Unavailable");
    /** Seed 000: {"error": "Forbidden", "message": "..."}. */
    private static final Responses.Errors REASON_AND_MESSAGE = (ctx, status, message) ->
            Responses.error(ctx, status, REASONS.getOrDefault(status, "Error"), message);
    /** Seed 001: {"error": "..."} with the message itself (a message field too, for tools that read it). */
    private static final Responses.Errors MESSAGE_AS_ERROR = (ctx, status, message) -> Responses.error(ctx, status, message, message);

    /** Seed 001's, 002's and 003's names for the command fields their bodies carry. */
    private static final Responses.Errors SEED_001 = named(MESSAGE_AS_ERROR, "reason", "suspensionReason");
    private static final Responses.Errors SEED_002_UPGRADE = named(Responses.Errors.CANONICAL, "validUntil", "extendedExpiryDate");
    private static final Responses.Errors SEED_003 = named(Responses.Errors.CANONICAL, "reason", "review_comment");

    /** Seed 003's status names, in its document's order, and the statuses they set. */
    private static final Map<String, Status> SEED_003_STATUSES = seed003();

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
        routes.get("/clients/v1/tenants/{tenantId}/clients/{id}", this::client);
        routes.patch("/api/admin/users/{id}/status", this::userStatus);
        routes.get("/api/v1/tenants/{id}/status", this::tenantStatus);
        routes.post("/api/v1/tenants/{id}/activation", this::tenantActivation);
        routes.post("/api/v1/tenants/{id}/upgrade", this::tenantUpgrade);
        routes.patch("/users/{idOrIdentifier}", this::userSetStatus);
        routes.put("/AdminInterface/restapi/v1/users/{userId}/userStatus", this::userEnabled);
    }

    /** An authenticated caller and its JSON body. */
    private record Request(ActorRef actor, JsonNode body) {}

    /**
     * Authenticates the caller (refused with {@code unauthenticated}, the seed's code for it), then
     * reads the body; empty when either was refused, the answer already sent in the route's shape.
     */
    private Optional<Request> request(Context ctx, Responses.Errors errors, int unauthenticated) {
        Optional<ActorRef> caller = actor(ctx, errors, unauthenticated);
        if (caller.isEmpty()) {
            return Optional.empty();
        }
        return body(ctx, errors).map(b -> new Request(caller.get(), b));
    }

    // --- seed 000: client status -------------------------------------------------------

    private void clientStatus(Context ctx, String action) {
        actor(ctx, REASON_AND_MESSAGE, 401).ifPresent(actor -> send(ctx,
                Commands.command(actor, ctx.pathParam("tenantId"), EntityType.client, ctx.pathParam("id"), action),
                REASON_AND_MESSAGE, (c, entity) -> Responses.json(c, 200, "{}")));
    }

    private void client(Context ctx) throws Exception {
        reads.read(ctx, ctx.pathParam("tenantId"), EntityType.client, ctx.pathParam("id"), (c, snap) -> {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("id", snap.getId());
            out.put("tenantId", snap.getTenantId());
            out.put("status", titleCase(snap.getStatus().name()));
            out.put("active", snap.getStatus() == Status.active);
            Responses.json(c, 200, out.toString());
        }, REASON_AND_MESSAGE);
    }

    // --- seed 001: toggle user status --------------------------------------------------

    private void userStatus(Context ctx) {
        Optional<Request> request = request(ctx, MESSAGE_AS_ERROR, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        JsonNode b = body.get();
        String action;
        if (b.path("isSuspended").asBoolean(false)) {
            // Without a suspensionReason the domain refuses it, naming the field as this route does.
            action = "suspend";
        } else if (b.has("isActive") && b.get("isActive").isBoolean()) {
            action = b.get("isActive").booleanValue() ? "activate" : "deactivate";
        } else if (b.has("isSuspended") && b.get("isSuspended").isBoolean()) {
            action = "activate";
        } else {
            MESSAGE_AS_ERROR.send(ctx, 400, "isActive or isSuspended is required");
            return;
        }
        String id = ctx.pathParam("id");
        caller.ifPresent(actor -> {
            ObjectNode cmd = Commands.command(actor, defaultTenant, EntityType.user, id, action);
            if (action.equals("suspend")) {
                cmd.put("reason", b.path("suspensionReason").asText());
            }
            send(ctx, cmd, SEED_001, (c, e) -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                if (e.path("id").asText().matches("\\d{1,18}")) {
                    out.put("id", Long.parseLong(e.path("id").asText()));
                } else {
                    out.put("id", e.path("id").asText());
                }
                out.put("isActive", e.path("status").asText().equals("active"));
                out.put("isSuspended", e.path("status").asText().equals("suspended"));
                out.set("suspensionReason", e.path("status").asText().equals("suspended") ? e.path("reason") : null);
                out.set("createdAt", e.path("createdAt"));
                out.set("updatedAt", e.path("updatedAt"));
                Responses.json(c, 200, out.toString());
            });
        });
    }

    // --- seed 002: tenant status -------------------------------------------------------

    private void tenantStatus(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        reads.read(ctx, id, EntityType.tenant, id, (c, snap) -> Responses.json(c, 200, tenantView(snap).toString()),
                Responses.Errors.CANONICAL);
    }

    private void tenantActivation(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Request> request = request(ctx, Responses.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        if (!body.get().path("tenantId").asText("").equals(id)) {
            Responses.error(ctx, 400, "bad_request", "tenantId in the body must match the path");
            return;
        }
        if (!body.get().path("isActive").isBoolean()) {
            Responses.error(ctx, 400, "bad_request", "isActive is required and must be a boolean");
            return;
        }
        boolean active = body.get().path("isActive").booleanValue();
        caller.ifPresent(actor -> send(ctx,
                Commands.command(actor, id, EntityType.tenant, id, active ? "activate" : "deactivate"),
                Responses.Errors.CANONICAL, (c, e) -> {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.put("tenantId", id);
                    out.put("isActive", e.path("status").asText().equals("active"));
                    out.set("validUpto", e.path("validUntil"));
                    out.put("message", "Tenant has been " + (active ? "activated" : "deactivated") + " successfully");
                    Responses.json(c, 200, out.toString());
                }));
    }

    private void tenantUpgrade(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Request> request = request(ctx, Responses.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        if (!body.get().path("tenant").asText("").equals(id)) {
            Responses.error(ctx, 400, "bad_request", "tenant in the body must match the path");
            return;
        }
        if (!body.get().path("extendedExpiryDate").isTextual()) {
            Responses.error(ctx, 400, "bad_request", "extendedExpiryDate is required");
            return;
        }
        caller.ifPresent(actor -> {
            ObjectNode cmd = Commands.command(actor, id, EntityType.tenant, id, "extend-subscription");
            cmd.put("validUntil", body.get().path("extendedExpiryDate").asText());
            send(ctx, cmd, SEED_002_UPGRADE, (c, e) -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("tenant", id);
                out.set("newValidity", e.path("validUntil"));
                Responses.json(c, 200, out.toString());
            });
        });
    }

    private static ObjectNode tenantView(EntitySnapshot snap) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", snap.getId());
        out.put("isActive", snap.getStatus() == Status.active);
        if (snap.getValidUntil() == null) {
            out.putNull("validUpto");
        } else {
            out.put("validUpto", snap.getValidUntil().toString());
        }
        return out;
    }

    // --- seed 003: set a user's status by id or identifier -----------------------------

    private void userSetStatus(Context ctx) {
        Optional<Request> request = request(ctx, Responses.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        Status mapped = SEED_003_STATUSES.get(body.get().path("status").asText(""));
        if (mapped == null) {
            Responses.error(ctx, 400, "bad_request", "status must be one of " + String.join(", ", SEED_003_STATUSES.keySet()));
            return;
        }
        caller.ifPresent(actor -> {
            ObjectNode cmd = Commands.command(actor, defaultTenant, EntityType.user, ctx.pathParam("idOrIdentifier"), "set-status");
            cmd.put("status", mapped.name());
            String comment = body.get().path("review_comment").asText("");
            if (!comment.isBlank()) {
                cmd.put("reason", comment);
            }
            send(ctx, cmd, SEED_003, (c, e) -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.set("id", e.path("id"));
                out.set("identifier", e.path("identifier"));
                out.put("status", e.path("status").asText().equals("pending") ? "onboarding" : e.path("status").asText());
                out.set("created_at", e.path("createdAt"));
                out.set("updated_at", e.path("updatedAt"));
                out.set("updated_by", e.path("updatedBy"));
                Responses.json(c, 200, out.toString());
            });
        });
    }

    // --- seed 004: Enabled / Disabled ---------------------------------------------------

    private void userEnabled(Context ctx) {
        String userId = ctx.pathParam("userId");
        // Seed 004 answers 403 for a token that is not valid (expired JWT).
        Optional<Request> request = request(ctx, Responses.Errors.CANONICAL, 403);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        String value = body.get().path("userStatus").asText("");
        if (!value.equals("Enabled") && !value.equals("Disabled")) {
            Responses.error(ctx, 400, "bad_request", "userStatus is required and must be Enabled or Disabled");
            return;
        }
        if (userId.isBlank()) {
            Responses.error(ctx, 404, "not_found", "user id is blank");
            return;
        }
        caller.ifPresent(actor -> send(ctx,
                Commands.command(actor, defaultTenant, EntityType.user, userId, value.equals("Enabled") ? "activate" : "deactivate"),
                Responses.Errors.CANONICAL, (c, e) -> {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.set("id", e.path("id"));
                    out.put("userStatus", e.path("status").asText().equals("active") ? "Enabled" : "Disabled");
                    Responses.json(c, 200, out.toString());
                }));
    }

    // --- shared -------------------------------------------------------------------------

    private Optional<ActorRef> actor(Context ctx, Responses.Errors errors, int status) {
        return callers.actor(ctx, errors, status);
    }

    /** Sends the command; on 200 renders the result's entity, otherwise the route's error shape with the result's code. */
    private void send(Context ctx, ObjectNode cmd, Responses.Errors errors, java.util.function.BiConsumer<Context, JsonNode> ok) {
        commands.send(ctx, cmd, (c, result) -> {
            int code = result.path("code").asInt(500);
            if (code == 200) {
                ok.accept(c, result.path("entity"));
            } else {
                errors.send(c, code, result.path("message").asText());
            }
        }, errors);
    }

    /** A route's errors with a command field's name replaced by the name the route's body gives it. */
    private static Responses.Errors named(Responses.Errors errors, String field, String routeName) {
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\b" + field + "\\b");
        return (ctx, status, message) -> errors.send(ctx, status, word.matcher(message).replaceAll(routeName));
    }

    private static Optional<JsonNode> body(Context ctx, Responses.Errors errors) {
        try {
            JsonNode b = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (b != null && b.isObject()) {
                return Optional.of(b);
            }
        } catch (Exception e) {
            // answered below
        }
        errors.send(ctx, 400, "the body must be a JSON object");
        return Optional.empty();
    }

    private static Map<String, Status> seed003() {
        Map<String, Status> m = new java.util.LinkedHashMap<>();
        m.put("active", Status.active);
        m.put("onboarding", Status.pending);
        m.put("inactive", Status.inactive);
        m.put("suspended", Status.suspended);
        m.put("risky", Status.risky);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String titleCase(String status) {
        StringBuilder out = new StringBuilder();
        for (String part : status.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
