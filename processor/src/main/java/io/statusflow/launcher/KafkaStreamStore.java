package io.statusflow.launcher;

import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.Subject;
import io.statusflow.ssf.SubjectRecord;
import io.statusflow.ssf.StreamService;
import io.statusflow.topology.SsfOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The streams as every instance holds them: read from the worker's global store of the compacted
 * streams topic, written to that topic. A write returns once this instance reads it back, so a GET
 * right after a POST sees the stream; the other instances see it within moments.
 */
final class KafkaStreamStore implements StreamService.Store {

    private static final Duration READ_BACK = Duration.ofSeconds(10);

    private final Supplier<KafkaStreams> streams;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    KafkaStreamStore(Supplier<KafkaStreams> streams, KafkaProducer<String, byte[]> producer, String topic) {
        this.streams = streams;
        this.producer = producer;
        this.topic = topic;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        KafkaStreams s = streams.get();
        if (s == null) {
            throw new IllegalStateException("the worker is not running yet");
        }
        return s.store(StoreQueryParameters.fromNameAndType(SsfOutbox.STREAMS_STORE, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public Optional<StreamRecord> get(String streamId) {
        return StreamRecord.read(store().get(streamId));
    }

    @Override
    public List<StreamRecord> all() {
        List<StreamRecord> out = new ArrayList<>();
        // Stream ids sort before every subject key: the subjects receivers chose are not read.
        try (KeyValueIterator<String, byte[]> it = store().range("", SubjectRecord.PREFIX)) {
            it.forEachRemaining(kv -> StreamRecord.read(kv.value).ifPresent(out::add));
        }
        return out;
    }

    @Override
    public void put(StreamRecord record) {
        byte[] bytes = record.bytes();
        write(record.stream().id(), bytes);
        awaitReadBack(record.stream().id(), bytes);
    }

    @Override
    public void delete(String streamId) {
        write(streamId, null);
        awaitReadBack(streamId, null);
        List<String> chosen = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = subjectKeys(streamId)) {
            it.forEachRemaining(kv -> chosen.add(kv.key));
        }
        for (String key : chosen) {
            producer.send(new ProducerRecord<>(topic, key, null));
        }
        producer.flush();
    }

    @Override
    public Optional<SubjectRecord> subject(String streamId, Subject subject) {
        return SubjectRecord.read(store().get(SubjectRecord.key(streamId, subject)));
    }

    @Override
    public int subjects(String streamId) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = subjectKeys(streamId)) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    /** A stream's subject keys: all of them start with its prefix, ending in '/', and sort before the prefix ending in '0'. */
    private KeyValueIterator<String, byte[]> subjectKeys(String streamId) {
        String prefix = SubjectRecord.prefix(streamId);
        return store().range(prefix, prefix.substring(0, prefix.length() - 1) + "0");
    }

    @Override
    public void put(SubjectRecord record) {
        byte[] bytes = record.bytes();
        write(record.key(), bytes);
        awaitReadBack(record.key(), bytes);
    }

    @Override
    public void forget(String streamId, Subject subject) {
        String key = SubjectRecord.key(streamId, subject);
        write(key, null);
        awaitReadBack(key, null);
    }

    private void write(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(READ_BACK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write stream " + key + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private void awaitReadBack(String key, byte[] expected) {
        Instant deadline = Instant.now().plus(READ_BACK);
        while (Instant.now().isBefore(deadline)) {
            if (Arrays.equals(store().get(key), expected)) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("stream " + key + " was written but not read back within " + READ_BACK.toSeconds() + "s");
    }
}
