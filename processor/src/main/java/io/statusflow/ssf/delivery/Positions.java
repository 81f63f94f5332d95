package io.statusflow.ssf.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A stream's {@link StreamQueue.Position} as the compacted positions topic keeps it, keyed by stream id. */
final class Positions {

    private Positions() {}

    static byte[] bytes(StreamQueue.Position p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("offset", p.offset());
        p.doneJtis().stream().sorted().forEach(n.withArray("done")::add);
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<StreamQueue.Position> read(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (!n.path("offset").isIntegralNumber() || n.get("offset").asLong() < 0) {
                return Optional.empty();
            }
            Set<String> done = new HashSet<>();
            n.path("done").forEach(j -> done.add(j.asText()));
            return Optional.of(new StreamQueue.Position(n.get("offset").asLong(), done));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
