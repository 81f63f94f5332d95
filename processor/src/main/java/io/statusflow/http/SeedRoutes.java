package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.statusflow.domain.ActorRef;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityType;
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
    private static final HttpApi.Errors REASON_AND_MESSAGE = (ctx, status, message) ->
            HttpApi.error(ctx, status, REASONS.getOrDefault(status, "Error"), message);
    /** Seed 001: {"error": "..."} with the message itself (a message field too, for tools that read it). */
    private static final HttpApi.Errors MESSAGE_AS_ERROR = (ctx, status, message) -> HttpApi.error(ctx, status, message, message);

    /** Seed 001's, 002's and 003's names for the command fields their bodies carry. */
    private static final HttpApi.Errors SEED_001 = named(MESSAGE_AS_ERROR, "reason", "suspensionReason");
    private static final HttpApi.Errors SEED_002_UPGRADE = named(HttpApi.Errors.CANONICAL, "validUntil", "extendedExpiryDate");
    private static final HttpApi.Errors SEED_003 = named(HttpApi.Errors.CANONICAL, "reason", "review_comment");

    private final HttpApi api;
    private final String defaultTenant;

    SeedRoutes(HttpApi api, String defaultTenant) {
        this.api = api;
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
    private Optional<Request> request(Context ctx, HttpApi.Errors errors, int unauthenticated) {
        Optional<ActorRef> caller = actor(ctx, errors, unauthenticated);
        if (caller.isEmpty()) {
            return Optional.empty();
        }
        return body(ctx, errors).map(b -> new Request(caller.get(), b));
    }

    // --- seed 000: client status -------------------------------------------------------

    private void clientStatus(Context ctx, String action) {
        actor(ctx, REASON_AND_MESSAGE, 401).ifPresent(actor -> send(ctx,
                HttpApi.command(actor, ctx.pathParam("tenantId"), EntityType.client, ctx.pathParam("id"), action),
                REASON_AND_MESSAGE, (c, entity) -> HttpApi.json(c, 200, "{}")));
    }

    private void client(Context ctx) throws Exception {
        api.read(ctx, ctx.pathParam("tenantId"), EntityType.client, ctx.pathParam("id"), (c, snap) -> {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("id", snap.getId());
            out.put("tenantId", snap.getTenantId());
            out.put("status", titleCase(snap.getStatus().name()));
            out.put("active", snap.getStatus() == io.statusflow.schema.Status.active);
            HttpApi.json(c, 200, out.toString());
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
            if (b.path("suspensionReason").asText("").isBlank()) {
                MESSAGE_AS_ERROR.send(ctx, 400, "suspensionReason is required when suspending a user");
                return;
            }
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
            ObjectNode cmd = HttpApi.command(actor, defaultTenant, EntityType.user, id, action);
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
                HttpApi.json(c, 200, out.toString());
            });
        });
    }

    // --- seed 002: tenant status -------------------------------------------------------

    private void tenantStatus(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        api.read(ctx, id, EntityType.tenant, id, (c, snap) -> HttpApi.json(c, 200, tenantView(snap).toString()),
                HttpApi.Errors.CANONICAL);
    }

    private void tenantActivation(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Request> request = request(ctx, HttpApi.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        if (!body.get().path("tenantId").asText("").equals(id)) {
            HttpApi.error(ctx, 400, "bad_request", "tenantId in the body must match the path");
            return;
        }
        if (!body.get().path("isActive").isBoolean()) {
            HttpApi.error(ctx, 400, "bad_request", "isActive is required and must be a boolean");
            return;
        }
        boolean active = body.get().path("isActive").booleanValue();
        caller.ifPresent(actor -> send(ctx,
                HttpApi.command(actor, id, EntityType.tenant, id, active ? "activate" : "deactivate"),
                HttpApi.Errors.CANONICAL, (c, e) -> {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.put("tenantId", id);
                    out.put("isActive", e.path("status").asText().equals("active"));
                    out.set("validUpto", e.path("validUntil"));
                    out.put("message", "Tenant has been " + (active ? "activated" : "deactivated") + " successfully");
                    HttpApi.json(c, 200, out.toString());
                }));
    }

    private void tenantUpgrade(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Request> request = request(ctx, HttpApi.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        if (!body.get().path("tenant").asText("").equals(id)) {
            HttpApi.error(ctx, 400, "bad_request", "tenant in the body must match the path");
            return;
        }
        if (!body.get().path("extendedExpiryDate").isTextual()) {
            HttpApi.error(ctx, 400, "bad_request", "extendedExpiryDate is required");
            return;
        }
        caller.ifPresent(actor -> {
            ObjectNode cmd = HttpApi.command(actor, id, EntityType.tenant, id, "extend-subscription");
            cmd.put("validUntil", body.get().path("extendedExpiryDate").asText());
            send(ctx, cmd, SEED_002_UPGRADE, (c, e) -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("tenant", id);
                out.set("newValidity", e.path("validUntil"));
                HttpApi.json(c, 200, out.toString());
            });
        });
    }

    private static ObjectNode tenantView(EntitySnapshot snap) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", snap.getId());
        out.put("isActive", snap.getStatus() == io.statusflow.schema.Status.active);
        if (snap.getValidUntil() == null) {
            out.putNull("validUpto");
        } else {
            out.put("validUpto", snap.getValidUntil().toString());
        }
        return out;
    }

    // --- seed 003: set a user's status by id or identifier -----------------------------

    private void userSetStatus(Context ctx) {
        Optional<Request> request = request(ctx, HttpApi.Errors.CANONICAL, 401);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        String status = body.get().path("status").asText("");
        String mapped = status.equals("onboarding") ? "pending" : status;
        if (!java.util.Set.of("active", "pending", "inactive", "suspended", "risky").contains(mapped)) {
            HttpApi.error(ctx, 400, "bad_request", "status must be one of active, onboarding, inactive, suspended, risky");
            return;
        }
        caller.ifPresent(actor -> {
            ObjectNode cmd = HttpApi.command(actor, defaultTenant, EntityType.user, ctx.pathParam("idOrIdentifier"), "set-status");
            cmd.put("status", mapped);
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
                HttpApi.json(c, 200, out.toString());
            });
        });
    }

    // --- seed 004: Enabled / Disabled ---------------------------------------------------

    private void userEnabled(Context ctx) {
        String userId = ctx.pathParam("userId");
        // Seed 004 answers 403 for a token that is not valid (expired JWT).
        Optional<Request> request = request(ctx, HttpApi.Errors.CANONICAL, 403);
        if (request.isEmpty()) {
            return;
        }
        Optional<ActorRef> caller = request.map(Request::actor);
        Optional<JsonNode> body = request.map(Request::body);
        String value = body.get().path("userStatus").asText("");
        if (!value.equals("Enabled") && !value.equals("Disabled")) {
            HttpApi.error(ctx, 400, "bad_request", "userStatus is required and must be Enabled or Disabled");
            return;
        }
        if (userId.isBlank()) {
            HttpApi.error(ctx, 404, "not_found", "user id is blank");
            return;
        }
        caller.ifPresent(actor -> send(ctx,
                HttpApi.command(actor, defaultTenant, EntityType.user, userId, value.equals("Enabled") ? "activate" : "deactivate"),
                HttpApi.Errors.CANONICAL, (c, e) -> {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.set("id", e.path("id"));
                    out.put("userStatus", e.path("status").asText().equals("active") ? "Enabled" : "Disabled");
                    HttpApi.json(c, 200, out.toString());
                }));
    }

    // --- shared -------------------------------------------------------------------------

    private Optional<ActorRef> actor(Context ctx, HttpApi.Errors errors, int status) {
        return api.actor(ctx, errors, status);
    }

    /** Sends the command; on 200 renders the result's entity, otherwise the route's error shape with the result's code. */
    private void send(Context ctx, ObjectNode cmd, HttpApi.Errors errors, java.util.function.BiConsumer<Context, JsonNode> ok) {
        api.send(ctx, cmd, (c, result) -> {
            int code = result.path("code").asInt(500);
            if (code == 200) {
                ok.accept(c, result.path("entity"));
            } else {
                errors.send(c, code, result.path("message").asText());
            }
        }, errors);
    }

    /** A route's errors with a command field's name replaced by the name the route's body gives it. */
    private static HttpApi.Errors named(HttpApi.Errors errors, String field, String routeName) {
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\b" + field + "\\b");
        return (ctx, status, message) -> errors.send(ctx, status, word.matcher(message).replaceAll(routeName));
    }

    private static Optional<JsonNode> body(Context ctx, HttpApi.Errors errors) {
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

    private static String titleCase(String status) {
        StringBuilder out = new StringBuilder();
        for (String part : status.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
