package io.statusflow.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.io.IOException;
import java.util.Optional;

/**
 * The fields of a {@code status.current} record that an {@link AccessView} keeps, read with a
 * streaming parser (no tree): a view catching up reads every record of the topic once. A tombstone
 * (deletion) has only its key.
 */
record Snapshot(String tenantId, EntityType type, String id, Optional<String> identifier, Status status,
        io.statusflow.schema.Access access, long version, boolean deleted) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The record, or empty when it is not a snapshot of the contract (it is then skipped). */
    static Optional<Snapshot> read(String key, byte[] value) {
        if (key == null) {
            return Optional.empty();
        }
        int a = key.indexOf('/');
        int b = a < 0 ? -1 : key.indexOf('/', a + 1);
        if (a <= 0 || b <= a + 1 || b == key.length() - 1) {
            return Optional.empty();
        }
        EntityType type;
        try {
            type = EntityType.valueOf(key.substring(a + 1, b));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String tenantId = key.substring(0, a);
        String id = key.substring(b + 1);
        if (value == null) {
            return Optional.of(new Snapshot(tenantId, type, id, Optional.empty(), Status.deleted,
                    io.statusflow.schema.Access.none, 0, true));
        }
        String identifier = null;
        Status status = null;
        io.statusflow.schema.Access access = null;
        long version = -1;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "identifier" -> identifier = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "status" -> status = t == JsonToken.VALUE_STRING ? Status.valueOf(p.getText()) : null;
                    case "access" -> access = t == JsonToken.VALUE_STRING ? io.statusflow.schema.Access.valueOf(p.getText()) : null;
                    case "version" -> version = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (status == null || access == null || version < 1) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(tenantId, type, id, Optional.ofNullable(identifier), status, access, version, false));
    }
}
