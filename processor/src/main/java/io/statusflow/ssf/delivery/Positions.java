package io.statusflow.ssf.delivery;

import io.statusflow.client.AvroJsonReader;
import io.statusflow.schema.ssf.SsfPosition;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.wire.AvroJson;
import java.util.Optional;
import java.util.Set;

/** A stream's {@link StreamQueue.Position} as the compacted positions topic keeps it, keyed by stream id ({@code SsfPosition.avsc}). */
final class Positions {

    private Positions() {}

    static byte[] bytes(StreamQueue.Position p) {
        return AvroJson.write(new SsfPosition(p.offset(), p.doneJtis().stream().sorted().toList()));
    }

    static Optional<StreamQueue.Position> read(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            SsfPosition p = AvroJsonReader.read(bytes, SsfPosition.class);
            return p.getOffset() < 0 ? Optional.empty() : Optional.of(new StreamQueue.Position(p.getOffset(), Set.copyOf(p.getDone())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
