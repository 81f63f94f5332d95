package io.statusflow.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * The reader that {@link CommandReader} replaced, which built a JSON tree of the whole value
 * first: kept as the oracle of {@code CommandReaderEquivalenceTest}.
 */
final class TreeCommandReader {

    private static final int MAX_COMMAND_ID = CommandReader.MAX_COMMAND_ID;

    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    TreeCommandReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    ReadOutcome read(byte[] value) {
        if (value == null || value.length == 0) {
            return unreadable("empty", "the record has no value", Optional.empty());
        }
        if (value.length > maxBytes) {
            return unreadable("oversized", "the value has " + value.length + " bytes, more than the limit of "
                    + maxBytes, Optional.empty());
        }
        if (!CommandReader.isAscii(value)) {
            try {
                utf8.reset().decode(ByteBuffer.wrap(value));
            } catch (CharacterCodingException e) {
                return unreadable("invalid-utf8", "the value is not valid UTF-8", LenientId.scan(value));
            }
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(value);
        } catch (JacksonException e) {
            return unreadable("not-json", "the value is not JSON: " + e.getOriginalMessage(), LenientId.scan(value));
        } catch (java.io.IOException e) {
            return unreadable("not-json", "the value is not JSON: " + e.getMessage(), LenientId.scan(value));
        }
        if (root == null || !root.isObject()) {
            return unreadable("not-an-object", "the value is JSON but not an object", Optional.empty());
        }
        JsonNode id = root.get("commandId");
        if (id == null || !id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > MAX_COMMAND_ID
                || !Text.isClean(id.textValue(), false)) {
            return unreadable("no-command-id", "commandId must be a string of 1 to " + MAX_COMMAND_ID
                    + " characters, none of them a control character", Optional.empty());
        }
        String commandId = id.textValue();
        try {
            return new ReadOutcome.Readable(command(commandId, root));
        } catch (WrongType e) {
            return unreadable("wrong-type", e.getMessage(), Optional.of(commandId));
        }
    }

    private static RawCommand command(String commandId, JsonNode root) throws WrongType {
        Optional<JsonNode> target = object(root, "target");
        Optional<RawCommand.RawTarget> rawTarget = Optional.empty();
        if (target.isPresent()) {
            rawTarget = Optional.of(new RawCommand.RawTarget(text(target.get(), "type", "target.type"),
                    text(target.get(), "id", "target.id")));
        }
        Optional<JsonNode> actor = object(root, "actor");
        Optional<RawCommand.RawActor> rawActor = Optional.empty();
        if (actor.isPresent()) {
            rawActor = Optional.of(new RawCommand.RawActor(text(actor.get(), "id", "actor.id"),
                    text(actor.get(), "type", "actor.type"), roles(actor.get())));
        }
        return new RawCommand(commandId, text(root, "tenantId", "tenantId"), rawTarget,
                text(root, "action", "action"), text(root, "reason", "reason"), text(root, "status", "status"),
                text(root, "identifier", "identifier"), text(root, "validUntil", "validUntil"),
                integer(root, "expectedVersion"), rawActor, text(root, "issuedAt", "issuedAt"));
    }

    private static Optional<String> text(JsonNode parent, String field, String path) throws WrongType {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new WrongType(path + " must be a string, not " + n.getNodeType().name().toLowerCase());
        }
        return Optional.of(n.textValue());
    }

    private static Optional<JsonNode> object(JsonNode parent, String field) throws WrongType {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw new WrongType(field + " must be an object, not " + n.getNodeType().name().toLowerCase());
        }
        return Optional.of(n);
    }

    private static Optional<Long> integer(JsonNode parent, String field) throws WrongType {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new WrongType(field + " must be an integer");
        }
        return Optional.of(n.longValue());
    }

    private static List<String> roles(JsonNode actor) throws WrongType {
        JsonNode n = actor.get("roles");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new WrongType("actor.roles must be an array of strings");
        }
        List<String> roles = new ArrayList<>(n.size());
        for (JsonNode r : n) {
            if (!r.isTextual()) {
                throw new WrongType("actor.roles must be an array of strings");
            }
            roles.add(r.textValue());
        }
        return roles;
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
