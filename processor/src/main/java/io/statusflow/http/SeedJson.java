package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.domain.Instants;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.Status;
import io.statusflow.wire.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The seed routes' JSON, read and written here only: each seed's request body as the command
 * fields it gives, and each seed's view of an entity. It checks only what a body must hold to be
 * turned into a command at all; the rules stay with the worker, which judges every value.
 */
final class SeedJson {

    /** Seed 003's status names, in its document's order, and the statuses they set. */
    private static final Map<String, Status> SEED_003_STATUSES = seed003();

    private SeedJson() {}

    /** A body that cannot become a command; the message is for the caller. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A request body: a JSON object, else {@link Malformed}. */
    static JsonNode object(byte[] body) throws Malformed {
        try {
            JsonNode b = Json.MAPPER.readTree(body);
            if (b != null && b.isObject()) {
                return b;
            }
        } catch (Exception e) {
            // answered below
        }
        throw new Malformed("the body must be a JSON object");
    }

    // --- seed 000 ----------------------------------------------------------------------

    static String client(EntitySnapshot snap) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", snap.getId());
        out.put("tenantId", snap.getTenantId());
        out.put("status", titleCase(snap.getStatus().name()));
        out.put("active", snap.getStatus() == Status.active);
        return out.toString();
    }

    // --- seed 001 ----------------------------------------------------------------------

    /** Seed 001's toggle: an action, and the suspension's reason (empty when none was given). */
    record Toggle(String action, Optional<String> reason) {}

    static Toggle toggle(JsonNode b) throws Malformed {
        if (b.path("isSuspended").asBoolean(false)) {
            // Without a suspensionReason the worker refuses it, and the route names the field as its body does.
            return new Toggle("suspend", Optional.of(b.path("suspensionReason").asText()));
        }
        if (b.path("isActive").isBoolean()) {
            return new Toggle(b.get("isActive").booleanValue() ? "activate" : "deactivate", Optional.empty());
        }
        if (b.path("isSuspended").isBoolean()) {
            return new Toggle("activate", Optional.empty());
        }
        throw new Malformed("isActive or isSuspended is required");
    }

    static String user001(EntitySnapshot e) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (e.getId().matches("\\d{1,18}")) {
            out.put("id", Long.parseLong(e.getId()));
        } else {
            out.put("id", e.getId());
        }
        out.put("isActive", e.getStatus() == Status.active);
        out.put("isSuspended", e.getStatus() == Status.suspended);
        out.put("suspensionReason", e.getStatus() == Status.suspended ? e.getReason() : null);
        out.put("createdAt", Instants.format(e.getCreatedAt()));
        out.put("updatedAt", Instants.format(e.getUpdatedAt()));
        return out.toString();
    }

    // --- seed 002 ----------------------------------------------------------------------

    /** Seed 002's activation: whether to activate; the body's tenantId must be the path's. */
    static boolean activation(JsonNode b, String tenantId) throws Malformed {
        if (!b.path("tenantId").asText("").equals(tenantId)) {
            throw new Malformed("tenantId in the body must match the path");
        }
        if (!b.path("isActive").isBoolean()) {
            throw new Malformed("isActive is required and must be a boolean");
        }
        return b.get("isActive").booleanValue();
    }

    /** Seed 002's upgrade: the new end of the subscription, as sent (the worker judges it). */
    static String upgrade(JsonNode b, String tenantId) throws Malformed {
        if (!b.path("tenant").asText("").equals(tenantId)) {
            throw new Malformed("tenant in the body must match the path");
        }
        if (!b.path("extendedExpiryDate").isTextual()) {
            throw new Malformed("extendedExpiryDate is required");
        }
        return b.get("extendedExpiryDate").asText();
    }

    static String tenant(EntitySnapshot snap) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", snap.getId());
        out.put("isActive", snap.getStatus() == Status.active);
        out.put("validUpto", format(snap.getValidUntil()));
        return out.toString();
    }

    static String activated(String tenantId, EntitySnapshot e, boolean active) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tenantId", tenantId);
        out.put("isActive", e.getStatus() == Status.active);
        out.put("validUpto", format(e.getValidUntil()));
        out.put("message", "Tenant has been " + (active ? "activated" : "deactivated") + " successfully");
        return out.toString();
    }

    static String upgraded(String tenantId, EntitySnapshot e) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tenant", tenantId);
        out.put("newValidity", format(e.getValidUntil()));
        return out.toString();
    }

    // --- seed 003 ----------------------------------------------------------------------

    /** Seed 003's status change: the status it sets, and the review comment as its reason. */
    record SetStatus(Status status, Optional<String> comment) {}

    static SetStatus setStatus(JsonNode b) throws Malformed {
        Status mapped = SEED_003_STATUSES.get(b.path("status").asText(""));
        if (mapped == null) {
            throw new Malformed("status must be one of " + String.join(", ", SEED_003_STATUSES.keySet()));
        }
        String comment = b.path("review_comment").asText("");
        return new SetStatus(mapped, comment.isBlank() ? Optional.empty() : Optional.of(comment));
    }

    static String user003(EntitySnapshot e) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", e.getId());
        out.put("identifier", e.getIdentifier());
        out.put("status", e.getStatus() == Status.pending ? "onboarding" : e.getStatus().name());
        out.put("created_at", Instants.format(e.getCreatedAt()));
        out.put("updated_at", Instants.format(e.getUpdatedAt()));
        out.put("updated_by", e.getUpdatedBy());
        return out.toString();
    }

    // --- seed 004 ----------------------------------------------------------------------

    /** Seed 004's {@code userStatus}: whether to enable. */
    static boolean enabled(JsonNode b) throws Malformed {
        String value = b.path("userStatus").asText("");
        if (!value.equals("Enabled") && !value.equals("Disabled")) {
            throw new Malformed("userStatus is required and must be Enabled or Disabled");
        }
        return value.equals("Enabled");
    }

    static String user004(EntitySnapshot e) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", e.getId());
        out.put("userStatus", e.getStatus() == Status.active ? "Enabled" : "Disabled");
        return out.toString();
    }

    private static String format(Instant instant) {
        return instant == null ? null : Instants.format(instant);
    }

    private static Map<String, Status> seed003() {
        Map<String, Status> m = new LinkedHashMap<>();
        m.put("active", Status.active);
        m.put("onboarding", Status.pending);
        m.put("inactive", Status.inactive);
        m.put("suspended", Status.suspended);
        m.put("risky", Status.risky);
        return Collections.unmodifiableMap(m);
    }

    private static String titleCase(String status) {
        StringBuilder out = new StringBuilder();
        for (String part : status.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
