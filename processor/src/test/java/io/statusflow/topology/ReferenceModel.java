package io.statusflow.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, deliberately plain reading of docs/contract.md: maps of strings, one method per
 * step, no shared code with the worker. The property test runs the same commands through both.
 */
final class ReferenceModel {

    record Event(String key, long version, String prev, String cur) {}

    record Snapshot(String status, String access, long version, String disabledBy) {}

    /** What one command must produce; a null snapshot is a tombstone. */
    record Expected(int code, String outcome, boolean duplicate, List<Event> events, List<Map.Entry<String, Snapshot>> current) {}

    private static final class E {
        String tenant;
        String type;
        String id;
        String status;
        String access;
        String disabledBy;
        String identifier;
        Instant validUntil;
        long version;
        long members;

        boolean live() {
            return !status.equals("deleted");
        }

        String key() {
            return tenant + "/" + type + "/" + id;
        }
    }

    private static final Set<String> STATUSES = Set.of("pending", "active", "inactive", "suspended", "risky", "pending_delete");
    private static final Set<String> TYPES = Set.of("tenant", "user", "client");
    private static final Set<String> ACTOR_TYPES = Set.of("user", "service", "sync");
    private static final Set<String> ACTIONS = Set.of("register", "activate", "deactivate", "suspend", "set-status",
            "mark-pending-delete", "delete", "extend-subscription");
    private static final Set<String> SYNC_ACTIONS = Set.of("register", "activate", "deactivate", "mark-pending-delete", "delete");

    private final Map<String, E> entities = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Expected> firstResults = new HashMap<>();
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Map<String, Integer> rateCounts = new HashMap<>();
    private final int limit;
    private final Duration window;

    ReferenceModel(int commandsPerMinute, Duration idempotencyWindow) {
        this.limit = commandsPerMinute;
        this.window = idempotencyWindow;
    }

    Expected apply(String recordKey, JsonNode c, Instant now) {
        String idKey = recordKey + "/" + c.path("commandId").asText();
        Expected first = firstResults.get(idKey);
        if (first != null && firstSeen.get(idKey).isAfter(now.minus(window))) {
            return new Expected(first.code(), first.outcome(), true, List.of(), List.of());
        }
        Expected e = decide(recordKey, c, now);
        firstResults.put(idKey, e);
        firstSeen.put(idKey, now);
        return e;
    }

    private Expected decide(String recordKey, JsonNode c, Instant now) {
        String tenant = text(c, "tenantId");
        String type = text(c.path("target"), "type");
        String id = text(c.path("target"), "id");
        String action = text(c, "action");
        String reason = text(c, "reason");
        String status = text(c, "status");
        String identifier = text(c, "identifier");
        String until = text(c, "validUntil");
        JsonNode actor = c.get("actor");
        boolean hasActor = actor != null && !actor.isNull();

        // 400
        if (!validId(tenant) || !tenant.equals(recordKey) || !TYPES.contains(type) || !validId(id)
                || (type.equals("tenant") && !id.equals(tenant)) || !ACTIONS.contains(action)
                || (status != null && !STATUSES.contains(status)) || (identifier != null && !validId(identifier))
                || (c.has("expectedVersion") && c.get("expectedVersion").asLong() < 0)) {
            return reject(400);
        }
        Instant validUntil = until == null ? null : parse(until);
        if (until != null && validUntil == null) {
            return reject(400);
        }
        if (hasActor && (!validId(text(actor, "id")) || !ACTOR_TYPES.contains(text(actor, "type")))) {
            return reject(400);
        }
        boolean noReason = reason == null || reason.isBlank();
        switch (action) {
            case "register" -> {
                if ("pending_delete".equals(status) || ("suspended".equals(status) && noReason)
                        || (identifier != null && !type.equals("user")) || (validUntil != null && !type.equals("tenant"))
                        || (validUntil != null && !validUntil.isAfter(now))) {
                    return reject(400);
                }
            }
            case "suspend" -> {
                if (noReason) {
                    return reject(400);
                }
            }
            case "set-status" -> {
                if (status == null || (status.equals("suspended") && noReason)) {
                    return reject(400);
                }
            }
            case "extend-subscription" -> {
                if (!type.equals("tenant") || validUntil == null || !validUntil.isAfter(now)) {
                    return reject(400);
                }
            }
            default -> { }
        }
        // 401
        if (!hasActor) {
            return reject(401);
        }
        String actorId = text(actor, "id");
        String actorType = text(actor, "type");
        List<String> roles = new ArrayList<>();
        actor.path("roles").forEach(r -> roles.add(r.asText().toLowerCase()));
        // 429
        if (actorType.equals("user")) {
            String rk = tenant + "/" + actorId + "/" + now.toEpochMilli() / 60_000;
            int n = rateCounts.merge(rk, 1, Integer::sum);
            if (n > limit) {
                return reject(429);
            }
        }
        // 403
        E tenantE = live(tenant + "/tenant/" + tenant);
        boolean allowed;
        if (type.equals("tenant")) {
            allowed = actorType.equals("service") && roles.contains("platform-admin");
        } else if (actorType.equals("service")) {
            allowed = roles.contains("admin") || roles.contains("platform-admin");
        } else if (actorType.equals("sync")) {
            allowed = SYNC_ACTIONS.contains(action);
        } else {
            E self = user(tenant, actorId);
            allowed = roles.contains("admin") && self != null && self.status.equals("active") && tenantFine(tenantE, now);
        }
        if (!allowed) {
            return reject(403);
        }
        // 404
        boolean registerTenant = type.equals("tenant") && action.equals("register");
        if (!registerTenant && tenantE == null) {
            return reject(404);
        }
        Long expected = c.has("expectedVersion") && !c.get("expectedVersion").isNull() ? c.get("expectedVersion").asLong() : null;
        String key = tenant + "/" + type + "/" + id;
        if (action.equals("register")) {
            E old = entities.get(key);
            long last = old == null ? 0 : old.version;
            if (expected != null && expected != last) {
                return reject(409);
            }
            if ((old != null && old.live()) || (identifier != null && aliases.containsKey(tenant + "/" + identifier))) {
                return reject(409);
            }
            // One namespace of user ids and identifiers per tenant.
            E idOwner = identifier == null ? null : entities.get(tenant + "/user/" + identifier);
            if (type.equals("user") && (aliases.containsKey(tenant + "/" + id)
                    || (idOwner != null && idOwner.live() && !identifier.equals(id)))) {
                return reject(409);
            }
            E n = new E();
            n.tenant = tenant;
            n.type = type;
            n.id = id;
            n.status = status != null ? status : (type.equals("tenant") ? "active" : "pending");
            n.validUntil = type.equals("tenant") ? validUntil : null;
            n.identifier = identifier;
            n.disabledBy = disabled(n.status) ? (actorType.equals("sync") ? "sync" : "admin") : null;
            n.access = access(n, type.equals("tenant") ? n : tenantE, now);
            n.version = last + 1;
            entities.put(key, n);
            if (identifier != null) {
                aliases.put(tenant + "/" + identifier, id);
            }
            if (!type.equals("tenant")) {
                tenantE.members++;
            }
            return applied(List.of(new Event(key, n.version, null, n.status + "/" + n.access)), n);
        }
        E t = type.equals("user") ? user(tenant, id) : live(key);
        if (t == null) {
            return reject(404);
        }
        if (expected != null && expected != t.version) {
            return reject(409);
        }
        if (action.equals("delete")) {
            if (type.equals("tenant") && t.members > 0) {
                return reject(409);
            }
            String prev = t.status + "/" + t.access;
            t.status = "deleted";
            t.access = "none";
            t.disabledBy = null;
            t.version++;
            if (t.identifier != null) {
                aliases.remove(tenant + "/" + t.identifier);
                t.identifier = null;
            }
            if (!type.equals("tenant")) {
                tenantE.members--;
            }
            return new Expected(200, "applied", false, List.of(new Event(t.key(), t.version, prev, "deleted/none")),
                    List.of(new java.util.AbstractMap.SimpleEntry<String, Snapshot>(t.key(), null)));
        }
        String newStatus = switch (action) {
            case "activate" -> "active";
            case "deactivate" -> "inactive";
            case "suspend" -> "suspended";
            case "mark-pending-delete" -> "pending_delete";
            case "set-status" -> status;
            default -> t.status;
        };
        Instant newUntil = t.validUntil;
        if (action.equals("extend-subscription")) {
            if (t.validUntil != null && !validUntil.isAfter(t.validUntil)) {
                return reject(400);
            }
            newUntil = validUntil;
        }
        if (t.status.equals("pending_delete") && !newStatus.equals("pending_delete")) {
            return reject(409);
        }
        boolean syncDisabled = "sync".equals(t.disabledBy) && disabled(t.status);
        if (syncDisabled && Set.of("active", "risky", "pending").contains(newStatus) && !actorType.equals("sync")) {
            return reject(409);
        }
        String newDisabledBy = disabled(newStatus) ? (actorType.equals("sync") || syncDisabled ? "sync" : "admin") : null;
        E probe = new E();
        probe.type = t.type;
        probe.status = newStatus;
        probe.validUntil = newUntil;
        String newAccess = access(probe, type.equals("tenant") ? probe : tenantE, now);
        boolean eventful = !newStatus.equals(t.status) || !newAccess.equals(t.access) || !java.util.Objects.equals(newUntil, t.validUntil);
        if (!eventful && java.util.Objects.equals(newDisabledBy, t.disabledBy)) {
            return new Expected(200, "unchanged", false, List.of(), List.of());
        }
        String prev = t.status + "/" + t.access;
        boolean accessChanged = !newAccess.equals(t.access);
        t.status = newStatus;
        t.access = newAccess;
        t.validUntil = newUntil;
        t.disabledBy = newDisabledBy;
        if (!eventful) {
            return applied(List.of(), t);
        }
        t.version++;
        Expected own = applied(List.of(new Event(t.key(), t.version, prev, t.status + "/" + t.access)), t);
        if (type.equals("tenant") && accessChanged) {
            return cascade(own, t, now);
        }
        return own;
    }

    /** What the expiry scan at {@code now} must emit: ended subscriptions, in order of their end. */
    Expected expire(Instant now) {
        List<E> due = entities.values().stream()
                .filter(e -> e.type.equals("tenant") && e.live() && e.validUntil != null && !e.validUntil.isAfter(now)
                        && !e.access.equals("none"))
                .sorted(java.util.Comparator.comparing((E e) -> e.validUntil).thenComparing(e -> e.tenant))
                .toList();
        Expected out = new Expected(0, "", false, List.of(), List.of());
        for (E t : due) {
            String prev = t.status + "/" + t.access;
            t.access = "none";
            t.version++;
            Expected own = applied(List.of(new Event(t.key(), t.version, prev, t.status + "/none")), t);
            Expected all = cascade(own, t, now);
            List<Event> events = new ArrayList<>(out.events());
            events.addAll(all.events());
            List<Map.Entry<String, Snapshot>> current = new ArrayList<>(out.current());
            current.addAll(all.current());
            out = new Expected(0, "", false, events, current);
        }
        return out;
    }

    /** Appends one event and snapshot per member whose access the tenant's new state changes, in key order. */
    private Expected cascade(Expected own, E tenant, Instant now) {
        List<Event> events = new ArrayList<>(own.events());
        List<Map.Entry<String, Snapshot>> current = new ArrayList<>(own.current());
        List<E> members = entities.values().stream()
                .filter(m -> m.tenant.equals(tenant.tenant) && !m.type.equals("tenant") && m.live())
                .sorted(java.util.Comparator.comparing(E::key)).toList();
        for (E m : members) {
            String derived = access(m, tenant, now);
            if (!derived.equals(m.access)) {
                String prev = m.status + "/" + m.access;
                m.access = derived;
                m.version++;
                events.add(new Event(m.key(), m.version, prev, m.status + "/" + m.access));
                current.add(Map.entry(m.key(), new Snapshot(m.status, m.access, m.version, m.disabledBy)));
            }
        }
        return new Expected(own.code(), own.outcome(), own.duplicate(), events, current);
    }

    private static boolean disabled(String status) {
        return status.equals("inactive") || status.equals("suspended");
    }

    private static String access(E e, E tenant, Instant now) {
        boolean fine = tenantFine(tenant, now);
        if (e.type.equals("tenant")) {
            return fine ? "full" : "none";
        }
        if (!fine) {
            return "none";
        }
        return e.status.equals("active") ? "full" : e.status.equals("risky") ? "restricted" : "none";
    }

    private static boolean tenantFine(E tenant, Instant now) {
        return tenant != null && tenant.status.equals("active") && (tenant.validUntil == null || tenant.validUntil.isAfter(now));
    }

    private E live(String key) {
        E e = entities.get(key);
        return e != null && e.live() ? e : null;
    }

    private E user(String tenant, String idOrIdentifier) {
        E byId = live(tenant + "/user/" + idOrIdentifier);
        if (byId != null) {
            return byId;
        }
        String id = aliases.get(tenant + "/" + idOrIdentifier);
        return id == null ? null : live(tenant + "/user/" + id);
    }

    private static Expected applied(List<Event> events, E e) {
        return new Expected(200, "applied", false, events,
                List.of(Map.entry(e.key(), new Snapshot(e.status, e.access, e.version, e.disabledBy))));
    }

    private static Expected reject(int code) {
        return new Expected(code, "rejected", false, List.of(), List.of());
    }

    private static boolean validId(String s) {
        return s != null && s.matches("[A-Za-z0-9._@:-]{1,128}");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant parse(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
