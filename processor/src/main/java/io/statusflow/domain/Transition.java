package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The 409 step and the change itself, for one authorized command on an existing tenant. */
final class Transition {

    private static final Set<Status> DISABLED = EnumSet.of(Status.inactive, Status.suspended);
    /** Statuses that would lift a disable: only sync may move a sync-disabled entity to them. */
    private static final Set<Status> ENABLING = EnumSet.of(Status.active, Status.risky, Status.pending);

    private final Command cmd;
    private final ActorRef actor;
    private final Optional<Entity> tenant;
    private final Instant now;
    private final Decision.Asked asked;
    private final List<Change> changes;
    private final StateView state;
    private final int cascadeChunk;

    /**
     * @param changes the writes decided before this step (the rate count), kept in front of its own
     * @param state what a tenant's first cascade step reads: no member is among this command's writes
     * @param cascadeChunk how many members a tenant's first cascade step looks at
     */
    Transition(Command cmd, ActorRef actor, Optional<Entity> tenant, Decision.Asked asked, List<Change> changes,
            StateView state, int cascadeChunk) {
        this.state = state;
        this.cascadeChunk = cascadeChunk;
        this.cmd = cmd;
        this.actor = actor;
        this.tenant = tenant;
        this.now = asked.now();
        this.asked = asked;
        this.changes = new ArrayList<>(changes);
    }

    /** The 404 of the target, the 409 and the change, action by action. */
    Decision decide(StateView state) {
        return switch (cmd.action()) {
            case REGISTER -> register(state);
            case DELETE -> existing(state, this::delete);
            case EXTEND_SUBSCRIPTION -> existing(state, this::extend);
            case ACTIVATE -> existing(state, e -> setStatus(e, Status.active, "activated"));
            case DEACTIVATE -> existing(state, e -> setStatus(e, Status.inactive, "deactivated"));
            case SUSPEND -> existing(state, e -> setStatus(e, Status.suspended, "suspended"));
            case MARK_PENDING_DELETE -> existing(state, e -> setStatus(e, Status.pending_delete, "marked pending delete"));
            case SET_STATUS -> existing(state, e -> setStatus(e, cmd.status().orElseThrow(),
                    "status set to " + cmd.status().orElseThrow().name()));
        };
    }

    /** A change of a registered target: 404 when it is not, 409 when its version is not the expected one. */
    private Decision existing(StateView state, Function<Entity, Decision> change) {
        Optional<Entity> target = Lookup.target(cmd.target(), state);
        if (target.isEmpty()) {
            return asked.rejected(Verdict.NOT_FOUND, NotFound.member(cmd.target().type(), cmd.target().id(),
                    cmd.tenantId()), Optional.empty(), changes);
        }
        Entity current = target.get();
        if (cmd.expectedVersion().isPresent() && cmd.expectedVersion().get() != current.version()) {
            return conflict("expectedVersion " + cmd.expectedVersion().get() + " does not match version "
                    + current.version() + " of " + name(current.key()), Optional.of(current));
        }
        return change.apply(current);
    }

    private Decision register(StateView state) {
        EntityKey key = cmd.target();
        Optional<Entity> existing = state.entity(key);
        long lastVersion = existing.map(Entity::version).orElse(0L);
        if (cmd.expectedVersion().isPresent() && cmd.expectedVersion().get() != lastVersion) {
            return conflict("expectedVersion " + cmd.expectedVersion().get() + " does not match version "
                    + lastVersion + " of " + name(key), existing.filter(e -> !e.isDeleted()));
        }
        if (existing.isPresent() && !existing.get().isDeleted()) {
            return conflict(name(key) + " already exists in tenant " + key.tenantId(), existing);
        }
        Optional<String> clash = nameClash(key, state);
        if (clash.isPresent()) {
            return conflict(clash.get(), Optional.empty());
        }
        Status status = cmd.status().orElse(key.type() == EntityType.tenant ? Status.active : Status.pending);
        Optional<Instant> validUntil = key.type() == EntityType.tenant ? cmd.validUntil() : Optional.empty();
        Access access = AccessRules.access(key.type(), status, validUntil, tenant, now);
        Entity created = new Entity(key, cmd.identifier(), status, access, cmd.reason(),
                disabledBy(status, Optional.empty()), validUntil, lastVersion + 1, now, now,
                Optional.of(actor.id()), 0);
        changes.add(new Change.PutEntity(created));
        if (key.type() != EntityType.tenant) {
            Entity t = tenant.orElseThrow();
            changes.add(new Change.PutEntity(t.withMemberCount(t.memberCount() + 1)));
        }
        cmd.identifier().ifPresent(i -> changes.add(new Change.PutIdentifier(key.tenantId(), i, key.id())));
        validUntil.ifPresent(v -> changes.add(new Change.PutExpiry(key.tenantId(), v)));
        return applied(name(key) + " registered", created, Optional.of(event(Optional.empty(), created)));
    }

    /**
     * A tenant's user ids and identifiers are one namespace (a user is addressed by either; docs/contract.md),
     * so that a name never means two users: a new id may not be another user's identifier, and a
     * new identifier may be neither a taken identifier nor another user's id.
     */
    private Optional<String> nameClash(EntityKey key, StateView state) {
        if (key.type() != EntityType.user) {
            return Optional.empty();
        }
        Optional<String> aliasOf = state.userIdByIdentifier(key.tenantId(), key.id());
        if (aliasOf.isPresent()) {
            return Optional.of("user id '" + key.id() + "' is the identifier of user " + aliasOf.get() + " in tenant "
                    + key.tenantId() + ": a tenant's user ids and identifiers share one namespace");
        }
        if (cmd.identifier().isEmpty()) {
            return Optional.empty();
        }
        String identifier = cmd.identifier().get();
        if (state.userIdByIdentifier(key.tenantId(), identifier).isPresent()) {
            return Optional.of("identifier '" + identifier + "' is already taken in tenant " + key.tenantId());
        }
        if (!identifier.equals(key.id())
                && Lookup.live(new EntityKey(key.tenantId(), EntityType.user, identifier), state).isPresent()) {
            return Optional.of("identifier '" + identifier + "' is the id of another user in tenant " + key.tenantId()
                    + ": a tenant's user ids and identifiers share one namespace");
        }
        return Optional.empty();
    }

    private Decision setStatus(Entity current, Status status, String verb) {
        String name = name(current.key());
        if (current.status() == Status.pending_delete && status != Status.pending_delete) {
            return conflict(name + " is pending delete: only delete may follow", Optional.of(current));
        }
        if (current.isDisabledBySync() && ENABLING.contains(status) && !actor.isSync()) {
            return conflict(name + " was disabled by directory synchronization: only synchronization can enable it again",
                    Optional.of(current));
        }
        Optional<DisabledBy> disabledBy = disabledBy(status, Optional.of(current));
        boolean statusChanged = status != current.status();
        Optional<String> reason = statusChanged ? cmd.reason() : cmd.reason().or(current::reason);
        Access access = AccessRules.access(current.key().type(), status, current.validUntil(), tenant, now);
        return update(current, status, access, reason, disabledBy, current.validUntil(), name + " " + verb,
                name + " is already " + status.name());
    }

    private Decision extend(Entity current) {
        Instant until = cmd.validUntil().orElseThrow();
        if (current.validUntil().isPresent() && !until.isAfter(current.validUntil().get())) {
            return asked.rejected(Verdict.BAD_REQUEST, Optional.of("validUntil"), "validUntil " + until
                    + " must be later than the subscription's current end " + current.validUntil().get(),
                    Optional.empty(), changes);
        }
        Optional<Instant> validUntil = Optional.of(until);
        Access access = AccessRules.access(current.key().type(), current.status(), validUntil, Optional.empty(), now);
        return update(current, current.status(), access, cmd.reason().or(current::reason), current.disabledBy(),
                validUntil, name(current.key()) + " subscription extended to " + until, "");
    }

    private Decision delete(Entity current) {
        EntityKey key = current.key();
        if (key.type() == EntityType.tenant && current.memberCount() > 0) {
            return conflict(name(key) + " still has " + current.memberCount()
                    + " members: delete them before the tenant", Optional.of(current));
        }
        Entity marker = new Entity(key, Optional.empty(), Status.deleted, Access.none, cmd.reason(),
                Optional.empty(), current.validUntil(), Math.addExact(current.version(), 1), current.createdAt(), now,
                Optional.of(actor.id()), 0);
        changes.add(new Change.PutEntity(marker));
        current.identifier().ifPresent(i -> changes.add(new Change.RemoveIdentifier(key.tenantId(), i)));
        if (key.type() == EntityType.tenant) {
            current.validUntil().ifPresent(v -> changes.add(new Change.RemoveExpiry(key.tenantId(), v)));
        } else {
            Entity t = tenant.orElseThrow();
            changes.add(new Change.PutEntity(t.withMemberCount(t.memberCount() - 1)));
        }
        return applied(name(key) + " deleted", marker, Optional.of(event(Optional.of(current), marker)));
    }

    private Decision update(Entity current, Status status, Access access, Optional<String> reason,
            Optional<DisabledBy> disabledBy, Optional<Instant> validUntil, String appliedMessage,
            String unchangedMessage) {
        boolean eventful = status != current.status() || access != current.access()
                || !validUntil.equals(current.validUntil());
        if (!eventful && disabledBy.equals(current.disabledBy())) {
            return asked.unchanged(unchangedMessage, current, changes);
        }
        Entity next = new Entity(current.key(), current.identifier(), status, access,
                eventful ? reason : current.reason(), disabledBy, validUntil,
                eventful ? Math.addExact(current.version(), 1) : current.version(), current.createdAt(), now,
                Optional.of(actor.id()), current.memberCount());
        changes.add(new Change.PutEntity(next));
        if (!validUntil.equals(current.validUntil())) {
            current.validUntil().ifPresent(v -> changes.add(new Change.RemoveExpiry(current.key().tenantId(), v)));
            validUntil.ifPresent(v -> changes.add(new Change.PutExpiry(current.key().tenantId(), v)));
        }
        // A tenant whose access changed sets its members in motion; the first step goes with this command.
        Optional<Step> cascade = current.key().type() == EntityType.tenant && access != current.access()
                ? Optional.of(TenantCascade.start(next, new Trigger(Optional.of(cmd.commandId()), Optional.of(actor),
                        cmd.reason()), state, cascadeChunk, now))
                : Optional.empty();
        if (!eventful) {
            return asked.applied(name(current.key()) + " is now disabled by directory synchronization", next,
                    Optional.empty(), cascade, changes);
        }
        return asked.applied(appliedMessage, next, Optional.of(event(Optional.of(current), next)), cascade, changes);
    }

    /** Inactive and suspended entities remember who disabled them; a sync disable is sticky. */
    private Optional<DisabledBy> disabledBy(Status status, Optional<Entity> current) {
        if (!DISABLED.contains(status)) {
            return Optional.empty();
        }
        boolean sync = actor.isSync() || current.filter(Entity::isDisabledBySync).isPresent();
        return Optional.of(sync ? DisabledBy.sync : DisabledBy.admin);
    }

    private Event event(Optional<Entity> before, Entity after) {
        return new Event(after.key(), before.map(Entity::statusAccess), after.statusAccess(), Cause.COMMAND,
                Optional.of(cmd.commandId()), Optional.of(actor), cmd.reason(),
                after.key().type() == EntityType.tenant ? after.validUntil() : Optional.empty(),
                after.version(), now);
    }

    private Decision applied(String message, Entity entity, Optional<Event> event) {
        return asked.applied(message, entity, event, Optional.empty(), changes);
    }

    private Decision conflict(String message, Optional<Entity> entity) {
        return asked.rejected(Verdict.CONFLICT, message, entity, changes);
    }

    private static String name(EntityKey key) {
        return key.type().name() + " " + key.id();
    }
}
