package io.statusflow.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statusflow.domain.Text;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds the commandId of a record the strict reader refused (a member given twice, trailing
 * garbage, a bad byte after the id), so that its sender still gets its 400 instead of waiting.
 * Reads the top level only, as far as it parses. An id given twice, or not a clean string within
 * bounds, is no id: answering under a guessed id would answer someone else's command.
 */
final class LenientId {

    private static final JsonFactory LENIENT = JsonFactory.builder().build();

    private LenientId() {}

    static Optional<String> scan(byte[] value) {
        String found = null;
        try (JsonParser p = LENIENT.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean isId = "commandId".equals(p.currentName());
                JsonToken v = p.nextToken();
                if (isId) {
                    if (found != null || v != JsonToken.VALUE_STRING) {
                        return Optional.empty();
                    }
                    found = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The rest does not parse: what was read before it stands.
        }
        return Optional.ofNullable(found).filter(LenientId::valid);
    }

    private static boolean valid(String id) {
        return !id.isEmpty() && id.length() <= CommandReader.MAX_COMMAND_ID && Text.isClean(id, false);
    }
}
