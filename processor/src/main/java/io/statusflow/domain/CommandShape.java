package io.statusflow.domain;

import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/** The 400 checks that need no state: from a {@link RawCommand} to a {@link Command}. */
final class CommandShape {

    static final int MAX_ID = 128;
    static final int MAX_REASON = 1024;
    static final int MAX_ROLES = 64;
    static final int MAX_ROLE = 128;
    /** The dates the stores and every consumer can hold: years 1970 to 9999. */
    static final Instant MIN_INSTANT = Instant.EPOCH;
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * A shape check that failed, with a message a person can act on, and the command field it is
     * about when it is about one: the message then starts with that field's name, so that an edge
     * that calls the field otherwise can rename it there and nowhere else.
     */
    static final class Invalid extends Exception {
        final Optional<String> field;

        Invalid(String message) {
            this(Optional.empty(), message);
        }

        private Invalid(Optional<String> field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        /** A check of one field: its name, then what is wrong with it. */
        static Invalid of(String field, String rest) {
            return new Invalid(Optional.of(field), field + " " + rest);
        }
    }

    private CommandShape() {}

    static Command check(String recordKey, RawCommand raw, Instant now) throws Invalid {
        String tenantId = id(raw.tenantId(), "tenantId");
        if (!tenantId.equals(recordKey)) {
            throw Invalid.of("tenantId", "'" + tenantId + "' differs from the record key '" + recordKey
                    + "': commands must be keyed by their tenantId");
        }
        RawCommand.RawTarget rawTarget = raw.target().orElseThrow(() -> Invalid.of("target", "is required"));
        EntityType type = enumValue(rawTarget.type(), "target.type", EntityType.class);
        String targetId = id(rawTarget.id(), "target.id");
        if (type == EntityType.tenant && !targetId.equals(tenantId)) {
            throw Invalid.of("target.id", "'" + targetId + "' of a tenant must equal tenantId '" + tenantId + "'");
        }
        String actionName = raw.action().orElseThrow(() -> Invalid.of("action", "is required"));
        Action action = Action.fromWire(actionName).orElseThrow(() -> Invalid.of("action",
                "'" + shown(actionName) + "' is not one of " + Action.allWireNames()));

        Optional<String> reason = raw.reason().map(String::strip).filter(r -> !r.isEmpty());
        if (reason.isPresent() && reason.get().length() > MAX_REASON) {
            throw Invalid.of("reason", "is longer than " + MAX_REASON + " characters");
        }
        if (reason.isPresent() && !Text.isClean(reason.get(), true)) {
            throw Invalid.of("reason", "must not hold control characters other than tab and newline");
        }
        Optional<Status> status = raw.status().isEmpty() ? Optional.empty()
                : Optional.of(commandStatus(raw.status().get()));
        Optional<String> identifier = raw.identifier().isEmpty() ? Optional.empty()
                : Optional.of(id(raw.identifier(), "identifier"));
        // Kept to the millisecond, as the stores and the schemas keep it: digits beyond would go out in this
        // command's records and be gone after a restart, and an extension by less than one would change nothing.
        Optional<Instant> validUntil = raw.validUntil().isEmpty() ? Optional.empty()
                : Optional.of(instant(raw.validUntil().get(), "validUntil").truncatedTo(ChronoUnit.MILLIS));
        if (raw.issuedAt().isPresent()) {
            instant(raw.issuedAt().get(), "issuedAt");
        }
        if (raw.expectedVersion().isPresent() && raw.expectedVersion().get() < 0) {
            throw Invalid.of("expectedVersion", "must not be negative");
        }

        switch (action) {
            case REGISTER -> {
                if (status.isPresent() && status.get() == Status.pending_delete) {
                    throw new Invalid("an entity cannot be registered as pending_delete");
                }
                if (status.isPresent() && status.get() == Status.suspended && reason.isEmpty()) {
                    throw Invalid.of("reason", "is required when registering a suspended " + type.name());
                }
                if (identifier.isPresent() && type != EntityType.user) {
                    throw Invalid.of("identifier", "applies to users only");
                }
                if (validUntil.isPresent() && type != EntityType.tenant) {
                    throw Invalid.of("validUntil", "applies to tenants only");
                }
                if (validUntil.isPresent() && !validUntil.get().isAfter(now)) {
                    throw Invalid.of("validUntil", validUntil.get() + " must be in the future");
                }
            }
            case SUSPEND -> {
                if (reason.isEmpty()) {
                    throw Invalid.of("reason", "is required when suspending a " + type.name());
                }
            }
            case SET_STATUS -> {
                Status target = status.orElseThrow(() -> Invalid.of("status", "is required for set-status"));
                if (target == Status.suspended && reason.isEmpty()) {
                    throw Invalid.of("reason", "is required when suspending a " + type.name());
                }
            }
            case EXTEND_SUBSCRIPTION -> {
                if (type != EntityType.tenant) {
                    throw new Invalid("extend-subscription applies to tenants only");
                }
                Instant until = validUntil.orElseThrow(() -> Invalid.of("validUntil", "is required for extend-subscription"));
                if (!until.isAfter(now)) {
                    throw Invalid.of("validUntil", until + " must be in the future");
                }
            }
            case ACTIVATE, DEACTIVATE, MARK_PENDING_DELETE, DELETE -> { }
        }

        Optional<ActorRef> actor = Optional.empty();
        if (raw.actor().isPresent()) {
            RawCommand.RawActor a = raw.actor().get();
            if (a.roles().size() > MAX_ROLES) {
                throw Invalid.of("actor.roles", "has " + a.roles().size() + " roles, more than " + MAX_ROLES);
            }
            for (String role : a.roles()) {
                if (role.isEmpty() || role.length() > MAX_ROLE || !Text.isClean(role, false)) {
                    throw Invalid.of("actor.roles", "must be 1 to " + MAX_ROLE + " characters each, without control characters");
                }
            }
            actor = Optional.of(new ActorRef(id(a.id(), "actor.id"),
                    enumValue(a.type(), "actor.type", ActorType.class), a.roles()));
        }
        return new Command(raw.commandId(), new EntityKey(tenantId, type, targetId), action, reason,
                status, identifier, validUntil, raw.expectedVersion(), actor);
    }

    private static String id(Optional<String> value, String field) throws Invalid {
        String v = value.orElseThrow(() -> Invalid.of(field, "is required"));
        if (!isId(v)) {
            throw Invalid.of(field, "must be 1 to 128 characters of A-Z a-z 0-9 . _ @ : -, and not . or ..");
        }
        return v;
    }

    /**
     * 1 to 128 characters of A-Z a-z 0-9 . _ @ : -, and not {@code .} or {@code ..}, which entity keys
     * would turn into path steps in sinks (a loop, not a regular expression: it runs for every command).
     */
    static boolean isId(String v) {
        int n = v.length();
        if (n == 0 || n > MAX_ID || v.equals(".") || v.equals("..")) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '@' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static <E extends Enum<E>> E enumValue(Optional<String> value, String field, Class<E> type)
            throws Invalid {
        String v = value.orElseThrow(() -> Invalid.of(field, "is required"));
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw Invalid.of(field, "'" + shown(v) + "' is not one of " + names(type.getEnumConstants()));
    }

    private static Status commandStatus(String v) throws Invalid {
        for (Status s : Status.values()) {
            if (s != Status.deleted && s.name().equals(v)) {
                return s;
            }
        }
        throw Invalid.of("status", "'" + shown(v) + "' is not one of pending, active, inactive, suspended, risky, pending_delete");
    }

    private static Instant instant(String v, String field) throws Invalid {
        String shown = shown(v);
        Instant at;
        try {
            at = Instants.parse(v);
        } catch (DateTimeParseException e) {
            throw Invalid.of(field, "'" + shown + "' is not an ISO-8601 instant such as 2027-01-31T23:59:59Z");
        }
        if (at.isBefore(MIN_INSTANT) || at.isAfter(MAX_INSTANT)) {
            throw Invalid.of(field, "'" + shown + "' is outside the years 1970 to 9999");
        }
        return at;
    }

    /** A value as a message repeats it: at most 64 characters, so that a result stays small. */
    private static String shown(String v) {
        return v.length() > 64 ? v.substring(0, 64) + "..." : v;
    }

    private static String names(Enum<?>[] values) {
        return String.join(", ", Arrays.stream(values).map(Enum::name).toList());
    }
}
