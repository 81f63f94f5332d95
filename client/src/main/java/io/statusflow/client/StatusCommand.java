package io.statusflow.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One command of statusflow's contract (docs/contract.md, "Commands"), immutable. Made by the
 * factories below, one per action, with the admin APIs' own names where they differ; the optional
 * fields are set with the {@code with...} methods, each of which returns a new command. A command
 * gets a random {@code commandId} unless given one: send the same command (same id) again after a
 * timeout, and its first result comes back, marked {@code duplicate}, with nothing done twice.
 *
 * <p>The worker judges every value (an unknown status, a reason missing for a suspension, a past
 * {@code validUntil}): this type only keeps the JSON well-formed.
 */
public final class StatusCommand {

    private static final JsonFactory JSON = new JsonFactory();

    private final String commandId;
    private final String tenantId;
    private final EntityType type;
    private final String id;
    private final String action;
    private final Optional<String> reason;
    private final Optional<Status> status;
    private final Optional<String> identifier;
    private final Optional<Instant> validUntil;
    private final Optional<Long> expectedVersion;
    private final Optional<Actor> actor;

    /** Who sends a command, when the worker believes the body ({@code --command-auth trusted}). */
    public record Actor(String id, ActorType type, List<String> roles) {
        public Actor {
            Objects.requireNonNull(id);
            Objects.requireNonNull(type);
            roles = List.copyOf(roles);
        }

        public static Actor service(String id, String... roles) {
            return new Actor(id, ActorType.service, List.of(roles));
        }

        public static Actor user(String id, String... roles) {
            return new Actor(id, ActorType.user, List.of(roles));
        }

        /** A directory synchronization: only it may re-enable what it disabled. */
        public static Actor sync(String id) {
            return new Actor(id, ActorType.sync, List.of());
        }
    }

    private StatusCommand(String commandId, String tenantId, EntityType type, String id, String action,
            Optional<String> reason, Optional<Status> status, Optional<String> identifier, Optional<Instant> validUntil,
            Optional<Long> expectedVersion, Optional<Actor> actor) {
        this.commandId = Objects.requireNonNull(commandId);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.type = Objects.requireNonNull(type);
        this.id = Objects.requireNonNull(id);
        this.action = action;
        this.reason = reason;
        this.status = status;
        this.identifier = identifier;
        this.validUntil = validUntil;
        this.expectedVersion = expectedVersion;
        this.actor = actor;
    }

    private static StatusCommand of(String tenantId, EntityType type, String id, String action) {
        return new StatusCommand(UUID.randomUUID().toString(), tenantId, type, id, action, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    // The contract's actions.

    /** Creates the entity (users and clients start {@code pending}, tenants {@code active}, unless given a status). */
    public static StatusCommand register(String tenantId, EntityType type, String id) {
        return of(tenantId, type, type == EntityType.tenant ? tenantId : id, "register");
    }

    public static StatusCommand registerTenant(String tenantId) {
        return register(tenantId, EntityType.tenant, tenantId);
    }

    /** Ends {@code pending}, lifts a suspension, re-enables. */
    public static StatusCommand activate(String tenantId, EntityType type, String id) {
        return of(tenantId, type, id, "activate");
    }

    public static StatusCommand deactivate(String tenantId, EntityType type, String id) {
        return of(tenantId, type, id, "deactivate");
    }

    public static StatusCommand suspend(String tenantId, EntityType type, String id, String reason) {
        return of(tenantId, type, id, "suspend").withReason(reason);
    }

    public static StatusCommand setStatus(String tenantId, EntityType type, String id, Status status) {
        return new StatusCommand(UUID.randomUUID().toString(), tenantId, type, id, "set-status", Optional.empty(),
                Optional.of(status), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static StatusCommand markPendingDelete(String tenantId, EntityType type, String id) {
        return of(tenantId, type, id, "mark-pending-delete");
    }

    public static StatusCommand delete(String tenantId, EntityType type, String id) {
        return of(tenantId, type, id, "delete");
    }

    public static StatusCommand extendSubscription(String tenantId, Instant validUntil) {
        return of(tenantId, EntityType.tenant, tenantId, "extend-subscription").withValidUntil(validUntil);
    }

    // The admin APIs' names for the same actions.

    /** Enables a user (an "Enabled" userStatus). */
    public static StatusCommand enableUser(String tenantId, String userId) {
        return activate(tenantId, EntityType.user, userId);
    }

    /** Disables a user (a "Disabled" userStatus). */
    public static StatusCommand disableUser(String tenantId, String userId) {
        return deactivate(tenantId, EntityType.user, userId);
    }

    /** Lifts a user's suspension. */
    public static StatusCommand liftSuspension(String tenantId, String userId) {
        return activate(tenantId, EntityType.user, userId);
    }

    /** Sets a user's status by its id or its identifier (active, onboarding as {@code pending}, inactive, suspended, risky). */
    public static StatusCommand setUserStatus(String tenantId, String idOrIdentifier, Status status) {
        return setStatus(tenantId, EntityType.user, idOrIdentifier, status);
    }

    public static StatusCommand activateClient(String tenantId, String clientId) {
        return activate(tenantId, EntityType.client, clientId);
    }

    public static StatusCommand deactivateClient(String tenantId, String clientId) {
        return deactivate(tenantId, EntityType.client, clientId);
    }

    public static StatusCommand activateTenant(String tenantId) {
        return activate(tenantId, EntityType.tenant, tenantId);
    }

    public static StatusCommand deactivateTenant(String tenantId) {
        return deactivate(tenantId, EntityType.tenant, tenantId);
    }

    // Optional fields.

    public StatusCommand withCommandId(String commandId) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, status, identifier, validUntil, expectedVersion, actor);
    }

    public StatusCommand withReason(String reason) {
        return new StatusCommand(commandId, tenantId, type, id, action, Optional.of(reason), status, identifier, validUntil,
                expectedVersion, actor);
    }

    /** A register's first status. */
    public StatusCommand withStatus(Status status) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, Optional.of(status), identifier, validUntil,
                expectedVersion, actor);
    }

    /** A user's alias (a register's). */
    public StatusCommand withIdentifier(String identifier) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, status, Optional.of(identifier), validUntil,
                expectedVersion, actor);
    }

    public StatusCommand withValidUntil(Instant validUntil) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, status, identifier, Optional.of(validUntil),
                expectedVersion, actor);
    }

    /** Applied only while the entity is at this version (else 409). */
    public StatusCommand withExpectedVersion(long version) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, status, identifier, validUntil,
                Optional.of(version), actor);
    }

    /** The actor named in the body; with {@code --command-auth token} leave it out and send a token. */
    public StatusCommand withActor(Actor actor) {
        return new StatusCommand(commandId, tenantId, type, id, action, reason, status, identifier, validUntil, expectedVersion,
                Optional.of(actor));
    }

    public String commandId() {
        return commandId;
    }

    public String tenantId() {
        return tenantId;
    }

    public EntityType type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** The contract's action name: {@code register}, {@code activate}, ..., {@code extend-subscription}. */
    public String action() {
        return action;
    }

    public Optional<Actor> actor() {
        return actor;
    }

    /** The command's JSON as the commands topic carries it. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("commandId", commandId);
            g.writeStringField("tenantId", tenantId);
            g.writeObjectFieldStart("target");
            g.writeStringField("type", type.name());
            g.writeStringField("id", id);
            g.writeEndObject();
            g.writeStringField("action", action);
            if (reason.isPresent()) {
                g.writeStringField("reason", reason.get());
            }
            if (status.isPresent()) {
                g.writeStringField("status", status.get().name());
            }
            if (identifier.isPresent()) {
                g.writeStringField("identifier", identifier.get());
            }
            if (validUntil.isPresent()) {
                g.writeStringField("validUntil", validUntil.get().toString());
            }
            if (expectedVersion.isPresent()) {
                g.writeNumberField("expectedVersion", expectedVersion.get());
            }
            if (actor.isPresent()) {
                g.writeObjectFieldStart("actor");
                g.writeStringField("id", actor.get().id());
                g.writeStringField("type", actor.get().type().name());
                g.writeArrayFieldStart("roles");
                for (String role : actor.get().roles()) {
                    g.writeString(role);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return action + " " + tenantId + "/" + type + "/" + id + " (" + commandId + ")";
    }
}
