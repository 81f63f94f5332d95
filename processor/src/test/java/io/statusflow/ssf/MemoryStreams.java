package io.statusflow.ssf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Streams in a sorted map, for tests of what reads and writes them without Kafka. */
public final class MemoryStreams implements StreamService.Store {

    private final Map<String, StreamRecord> streams = new ConcurrentSkipListMap<>();
    private final Map<String, SubjectRecord> subjects = new ConcurrentSkipListMap<>();

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
        subjects.keySet().removeIf(k -> k.startsWith(SubjectRecord.prefix(id)));
    }

    @Override
    public Optional<SubjectRecord> subject(String streamId, Subject subject) {
        return Optional.ofNullable(subjects.get(SubjectRecord.key(streamId, subject)));
    }

    @Override
    public int subjects(String streamId) {
        return (int) subjects.keySet().stream().filter(k -> k.startsWith(SubjectRecord.prefix(streamId))).count();
    }

    @Override
    public void put(SubjectRecord r) {
        subjects.put(r.key(), r);
    }

    @Override
    public void forget(String streamId, Subject subject) {
        subjects.remove(SubjectRecord.key(streamId, subject));
    }

    public boolean isEmpty() {
        return streams.isEmpty();
    }
}
