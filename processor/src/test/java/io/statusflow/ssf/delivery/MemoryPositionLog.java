package io.statusflow.ssf.delivery;

import io.statusflow.ssf.StreamQueue;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Positions in a map: {@link #durable} is what a restart would read. */
final class MemoryPositionLog implements PositionLog {
    final Map<String, StreamQueue.Position> durable = new ConcurrentHashMap<>();
    private final Map<String, StreamQueue.Position> known = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void reload() {
        known.clear();
        known.putAll(durable);
    }

    @Override
    public Optional<StreamQueue.Position> get(String streamId) {
        return Optional.ofNullable(known.get(streamId));
    }

    @Override
    public Optional<Future<?>> keep(String streamId, StreamQueue.Position position) {
        if (position.equals(known.put(streamId, position))) {
            return Optional.empty();
        }
        durable.put(streamId, position);
        writes.incrementAndGet();
        return Optional.of(CompletableFuture.completedFuture(null));
    }

    @Override
    public void forget(String streamId) {
        known.remove(streamId);
        durable.remove(streamId);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
