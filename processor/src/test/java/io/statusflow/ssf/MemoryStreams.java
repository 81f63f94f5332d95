package io.statusflow.ssf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Streams in a sorted map, for tests of what reads and writes them without Kafka. */
public final class MemoryStreams implements StreamService.Store {

    private final Map<String, StreamRecord> streams = new ConcurrentSkipListMap<>();

    @Override
    public Optional<StreamRecord> get(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    @Override
    public List<StreamRecord> all() {
        return List.copyOf(streams.values());
    }

    @Override
    public void put(StreamRecord r) {
        streams.put(r.stream().id(), r);
    }

    @Override
    public void delete(String id) {
        streams.remove(id);
    }

    public boolean isEmpty() {
        return streams.isEmpty();
    }
}
