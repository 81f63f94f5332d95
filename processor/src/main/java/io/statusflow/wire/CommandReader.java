package io.statusflow.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statusflow.domain.RawCommand;
import io.statusflow.domain.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads command bytes into a {@link RawCommand}, or says why they are unreadable. Checks JSON
 * types only; the values are the state machine's to judge. One pass of a streaming parser, with
 * the strict mapper's settings (a member given twice or anything after the value is not JSON):
 * building a tree of the whole value first cost more than the reading. One instance per stream task: it
 * keeps a decoder, which is not thread-safe.
 */
public final class CommandReader {

    public static final int MAX_COMMAND_ID = 128;

    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public CommandReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public ReadOutcome read(byte[] value) {
        if (value == null || value.length == 0) {
            return unreadable("empty", "the record has no value", Optional.empty());
        }
        if (value.length > maxBytes) {
            return unreadable("oversized", "the value has " + value.length + " bytes, more than the limit of "
                    + maxBytes, Optional.empty());
        }
        if (!isAscii(value)) {
            try {
                utf8.reset().decode(ByteBuffer.wrap(value));
            } catch (CharacterCodingException e) {
                return unreadable("invalid-utf8", "the value is not valid UTF-8", LenientId.scan(value));
            }
        }
        Members m = new Members();
        // The mapper's factory holds its strict settings; the mapper's own createParser adds nothing for JSON.
        try (JsonParser p = Json.MAPPER.getFactory().createParser(value)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                m.root(p);
            } else {
                p.skipChildren();
            }
            // Strict, as the one mapper is: nothing may follow the value.
            JsonToken trailing = first == null ? null : p.nextToken();
            if (trailing != null) {
                return unreadable("not-json", "the value is not JSON: a second value follows the first",
                        LenientId.scan(value));
            }
            if (first != JsonToken.START_OBJECT) {
                return unreadable("not-an-object", "the value is JSON but not an object", Optional.empty());
            }
        } catch (JacksonException e) {
            return unreadable("not-json", "the value is not JSON: " + e.getOriginalMessage(), LenientId.scan(value));
        } catch (java.io.IOException e) {
            return unreadable("not-json", "the value is not JSON: " + e.getMessage(), LenientId.scan(value));
        }
        if (!(m.commandId instanceof String id) || id.isEmpty() || id.length() > MAX_COMMAND_ID || !Text.isClean(id, false)) {
            return unreadable("no-command-id", "commandId must be a string of 1 to " + MAX_COMMAND_ID
                    + " characters, none of them a control character", Optional.empty());
        }
        try {
            return new ReadOutcome.Readable(m.command(id));
        } catch (WrongType e) {
            return unreadable("wrong-type", e.getMessage(), Optional.of(id));
        }
    }

    /**
     * The members a command may have, as read in one pass of a streaming parser: each is absent
     * (null, as JSON null is), its text when a string, or else the {@link JsonToken} it began
     * with, which names its JSON type for the answer. A nested member of a target or actor that is
     * not an object is never read. The types are judged after the whole value has parsed, in the
     * order of {@link #command}, so that a value that is not JSON is said to be that first.
     */
    private static final class Members {
        Object commandId;
        Object tenantId;
        Object action;
        Object reason;
        Object status;
        Object identifier;
        Object validUntil;
        Object issuedAt;
        /** A Long, or the token of a value that is not an integer within a long. */
        Object expectedVersion;
        /** Boolean.TRUE when an object. */
        Object target;
        Object targetType;
        Object targetId;
        /** Boolean.TRUE when an object. */
        Object actor;
        Object actorId;
        Object actorType;
        /** A list of strings, or a token when not an array of strings. */
        Object roles;

        void root(JsonParser p) throws java.io.IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "commandId" -> commandId = scalar(p, t);
                    case "tenantId" -> tenantId = scalar(p, t);
                    case "action" -> action = scalar(p, t);
                    case "reason" -> reason = scalar(p, t);
                    case "status" -> status = scalar(p, t);
                    case "identifier" -> identifier = scalar(p, t);
                    case "validUntil" -> validUntil = scalar(p, t);
                    case "issuedAt" -> issuedAt = scalar(p, t);
                    case "expectedVersion" -> expectedVersion = integer(p, t);
                    case "target" -> target = t == JsonToken.START_OBJECT ? target(p) : scalar(p, t);
                    case "actor" -> actor = t == JsonToken.START_OBJECT ? actor(p) : scalar(p, t);
                    default -> p.skipChildren();
                }
            }
        }

        private Boolean target(JsonParser p) throws java.io.IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "type" -> targetType = scalar(p, t);
                    case "id" -> targetId = scalar(p, t);
                    default -> p.skipChildren();
                }
            }
            return Boolean.TRUE;
        }

        private Boolean actor(JsonParser p) throws java.io.IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> actorId = scalar(p, t);
                    case "type" -> actorType = scalar(p, t);
                    case "roles" -> roles = t == JsonToken.START_ARRAY ? roles(p) : scalar(p, t);
                    default -> p.skipChildren();
                }
            }
            return Boolean.TRUE;
        }

        private static Object roles(JsonParser p) throws java.io.IOException {
            List<String> roles = new ArrayList<>(4);
            Object read = roles;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    roles.add(p.getText());
                } else {
                    read = t;
                    p.skipChildren();
                }
            }
            return read;
        }

        private static Object scalar(JsonParser p, JsonToken t) throws java.io.IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
            return t == JsonToken.VALUE_NULL ? null : t;
        }

        private static Object integer(JsonParser p, JsonToken t) throws java.io.IOException {
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            return scalar(p, t);
        }

        RawCommand command(String commandId) throws WrongType {
            Optional<RawCommand.RawTarget> rawTarget = Optional.empty();
            if (object(target, "target")) {
                rawTarget = Optional.of(new RawCommand.RawTarget(text(targetType, "target.type"), text(targetId, "target.id")));
            }
            Optional<RawCommand.RawActor> rawActor = Optional.empty();
            if (object(actor, "actor")) {
                rawActor = Optional.of(new RawCommand.RawActor(text(actorId, "actor.id"), text(actorType, "actor.type"),
                        roles()));
            }
            return new RawCommand(commandId, text(tenantId, "tenantId"), rawTarget, text(action, "action"),
                    text(reason, "reason"), text(status, "status"), text(identifier, "identifier"),
                    text(validUntil, "validUntil"), version(), rawActor, text(issuedAt, "issuedAt"));
        }

        private static Optional<String> text(Object read, String path) throws WrongType {
            if (read == null || read instanceof String) {
                return Optional.ofNullable((String) read);
            }
            throw new WrongType(path + " must be a string, not " + typeName(read));
        }

        private static boolean object(Object read, String field) throws WrongType {
            if (read == null || read == Boolean.TRUE) {
                return read != null;
            }
            throw new WrongType(field + " must be an object, not " + typeName(read));
        }

        private Optional<Long> version() throws WrongType {
            if (expectedVersion == null || expectedVersion instanceof Long) {
                return Optional.ofNullable((Long) expectedVersion);
            }
            throw new WrongType("expectedVersion must be an integer");
        }

        @SuppressWarnings("unchecked")
        private List<String> roles() throws WrongType {
            if (roles == null) {
                return List.of();
            }
            if (roles instanceof List<?> list) {
                return (List<String>) list;
            }
            throw new WrongType("actor.roles must be an array of strings");
        }
    }

    /** The JSON type of a member as {@link Members} keeps it. */
    private static String typeName(Object read) {
        return read instanceof JsonToken t ? typeName(t) : "string";
    }

    /** The JSON type a value that begins with this token has, as the answers name it. */
    private static String typeName(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Nearly every command is ASCII, which is valid UTF-8 as it is: no need to decode it into a buffer. */
    static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static ReadOutcome unreadable(String error, String message, Optional<String> commandId) {
        return new ReadOutcome.Unreadable(error, message, commandId);
    }

    private static final class WrongType extends Exception {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
