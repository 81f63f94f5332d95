package io.statusflow.topology;

import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.schema.StatusEvent;
import io.statusflow.ssf.OutboxSettings;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvent;
import io.statusflow.ssf.SecurityEvents;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamStatus;
import io.statusflow.ssf.Subject;
import io.statusflow.ssf.SubjectChoice;
import io.statusflow.ssf.SubjectRecord;
import io.statusflow.wire.AvroJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shared Signals outbox: each event of the events topic, read back as its consumers read it,
 * becomes its SETs, one record per stream that wants each, keyed by the stream's id. Every instance
 * holds all streams in a global store fed by the streams topic. Under exactly-once the outbox gets
 * each SET once whatever crashes; a subject's SETs keep its events' order, since one task reads
 * all of a subject's events and a stream's SETs share one outbox partition.
 */
public final class SsfOutbox {

    public static final String STREAMS_STORE = "ssf-streams";
    private static final String STREAMS_SOURCE = "ssf-streams-source";
    private static final String STREAMS_LOADER = "ssf-streams-loader";
    private static final String EVENTS_SOURCE = "ssf-events-source";
    private static final String PROCESSOR = "ssf-outbox";
    private static final String SINK = "ssf-outbox-sink";
    private static final String STREAMS_SINK = "ssf-streams-sink";

    private SsfOutbox() {}

    static void add(Topology topology, String eventsTopic, OutboxSettings settings) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STREAMS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                STREAMS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), settings.streamsTopic(),
                STREAMS_LOADER, Loader::new);
        topology.addSource(EVENTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), eventsTopic);
        topology.addProcessor(PROCESSOR, () -> new Outbox(settings.sets()), EVENTS_SOURCE);
        topology.addSink(SINK, settings.outboxTopic(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        // A deleted tenant's streams are disabled in the same transaction as the event that deleted it.
        topology.addSink(STREAMS_SINK, settings.streamsTopic(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    }

    /** Keeps the global store equal to the compacted streams topic. */
    private static final class Loader implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STREAMS_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }

    private static final class Outbox implements Processor<String, byte[], String, byte[]> {
        private static final Logger log = LoggerFactory.getLogger(Outbox.class);
        private final SecurityEvents.Settings sets;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> streams;
        private boolean warned;
        /** Parsed stream records by id, with the bytes they were parsed from: a cache of the global store. */
        private final java.util.Map<String, Parsed> parsed = new java.util.HashMap<>();

        private record Parsed(byte[] bytes, Optional<StreamRecord> record) {}

        Outbox(SecurityEvents.Settings sets) {
            this.sets = sets;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.streams = context.getStateStore(STREAMS_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            StatusEvent event;
            try {
                event = AvroJson.read(record.value(), StatusEvent.class);
            } catch (RuntimeException e) {
                // Only statusflow writes events; anything else there is not an event and gives no SET.
                if (!warned) {
                    warned = true;
                    log.warn("a record of the events topic is not a status event and gives no SET ({}); logged once"
                            + " per task", e.getMessage());
                }
                return;
            }
            List<SecurityEvent> events = SecurityEvents.of(event, sets);
            boolean tenantDeleted = event.getTarget().getType() == EntityType.tenant
                    && event.getCurrent().getStatus() == Status.deleted;
            if (events.isEmpty() && !tenantDeleted) {
                return;
            }
            Optional<Subject> subject = events.isEmpty() ? Optional.empty() : Subject.of(events.get(0).subject());
            for (KeyValue<String, StreamRecord> target : streams()) {
                Boolean chosen = null;
                for (SecurityEvent set : events) {
                    if (!target.value.queues(event.getTenantId(), set.type())) {
                        continue;
                    }
                    if (chosen == null) {
                        chosen = subject.isEmpty() || SubjectChoice.delivers(target.value, subject.get(),
                                event.getTenantId(), s -> SubjectRecord.read(streams.get(SubjectRecord.key(target.key, s)))
                                        .map(SubjectRecord::included));
                    }
                    if (chosen) {
                        context.forward(new Record<>(target.key, Queued.of(target.key, event.getEventId(), event.getTenantId(), set).bytes(),
                                record.timestamp()), SINK);
                    }
                }
                if (tenantDeleted && target.value.stream().tenantId().filter(event.getTenantId()::equals).isPresent()
                        && target.value.status() != StreamStatus.disabled) {
                    disable(target.value, event, record.timestamp());
                }
            }
        }

        /**
         * A stream of a deleted tenant: disabled, its receiver told why with a stream-updated SET that
         * follows the tenant's own SETs in the stream's outbox.
         */
        private void disable(StreamRecord stream, StatusEvent event, long timestamp) {
            String id = stream.stream().id();
            String why = "tenant " + event.getTenantId() + " was deleted";
            StreamStatus.updated(id, stream.status(), StreamStatus.disabled, Optional.of(why), false).ifPresent(set ->
                    context.forward(new Record<>(id, Queued.once(id, set).bytes(), timestamp), SINK));
            context.forward(new Record<>(id, stream.tenantDeleted(why).bytes(), timestamp), STREAMS_SINK);
        }

        /**
         * Every readable stream of the global store, parsing only the ones that changed since last
         * asked. Stream ids sort before the subjects receivers chose, which are not read.
         */
        private List<KeyValue<String, StreamRecord>> streams() {
            List<KeyValue<String, StreamRecord>> out = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            try (KeyValueIterator<String, byte[]> it = streams.range("", SubjectRecord.PREFIX)) {
                it.forEachRemaining(kv -> {
                    seen.add(kv.key);
                    Parsed p = parsed.get(kv.key);
                    if (p == null || !java.util.Arrays.equals(p.bytes(), kv.value)) {
                        p = new Parsed(kv.value, StreamRecord.read(kv.value));
                        parsed.put(kv.key, p);
                    }
                    p.record().ifPresent(r -> out.add(KeyValue.pair(kv.key, r)));
                });
            }
            parsed.keySet().retainAll(seen);
            return out;
        }
    }
}
