package io.statusflow.ssf.delivery;

import io.statusflow.ssf.StreamQueue;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Where each stream's queue position survives a restart or a move to another instance: read again
 * whenever partitions are taken, written whenever a position moves.
 */
public interface PositionLog extends AutoCloseable {

    /** Reads every stream's last kept position again: another instance may have moved them. */
    void reload();

    Optional<StreamQueue.Position> get(String streamId);

    /**
     * Keeps a stream's position when it differs from the last one kept.
     *
     * @return the write, done once the position is durable; empty when nothing changed
     */
    Optional<Future<?>> keep(String streamId, StreamQueue.Position position);

    /** Forgets a deleted stream's position, here and in the log. */
    void forget(String streamId);

    /** Waits until every write so far is durable. */
    void flush();

    @Override
    void close();
}
