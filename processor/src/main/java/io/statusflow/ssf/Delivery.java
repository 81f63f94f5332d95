package io.statusflow.ssf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: the instances of a consumer group share its partitions, and the owner of a
 * partition keeps a {@link StreamQueue} per stream in it, pushes push streams' SETs and serves
 * poll streams' polls. Each queue's position goes to the compacted positions topic whenever the
 * receiver is done with SETs, so a restart, or another instance taking the partition over, replays
 * the outbox from there: every SET at least once, with its same jti.
 */
public final class Delivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    /** The settings of delivery. */
    /** @param self this instance's HTTP address ({@code host:port}), where others forward its streams' polls */
    public record Settings(String outboxTopic, String positionsTopic, String groupId, Duration retention,
            Duration pollWait, String self) {}

    private final Settings settings;
    private final StreamService.Store streams;
    private final PushLane.Context push;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> positions;
    private final Map<String, StreamQueue.Position> known = new ConcurrentHashMap<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;
    private volatile int partitions;
    private final org.apache.kafka.clients.admin.Admin admin;
    private final Properties client;
    private volatile Map<Integer, String> owners = Map.of();
    private volatile Instant ownersAt = Instant.EPOCH;

    /** One stream's queue on this instance, its lane when it pushes, and the polls waiting for SETs. */
    private static final class Held {
        final StreamQueue queue;
        StreamRecord record;
        PushLane lane;
        final List<CompletableFuture<Void>> waiting = new java.util.ArrayList<>();

        Held(StreamQueue queue, StreamRecord record) {
            this.queue = queue;
            this.record = record;
        }
    }

    public Delivery(Properties client, Settings settings, StreamService.Store streams, PushLane.Context push) {
        this.settings = settings;
        this.streams = streams;
        this.push = push;
        this.clock = push.clock();
        this.timer = push.timer();
        Properties c = new Properties();
        c.putAll(client);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // The member's client id carries its HTTP address: another instance finds a partition's owner by it.
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "@" + settings.self());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.positions = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.client = client;
        readPositions(client);
        this.admin = org.apache.kafka.clients.admin.Admin.create(adminProps(client));
        this.thread = new Thread(this::run, "statusflow-ssf-delivery");
        this.thread.setDaemon(true);
    }

    public Delivery start() {
        thread.start();
        return this;
    }

    /** Every stream's last kept position, read once at start; this instance's own writes keep it current. */
    private void readPositions(Properties client) {
        Properties c = new Properties();
        c.putAll(client);
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = reader.partitionsFor(settings.positionsTopic(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> end = reader.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        known.remove(r.key());
                    } else {
                        Positions.read(r.value()).ifPresent(pos -> known.put(r.key(), pos));
                    }
                }
            }
        }
    }

    private void run() {
        consumer.subscribe(List.of(settings.outboxTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                release(revoked);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                take(assigned);
            }
        });
        Instant nextTick = clock.instant();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        offer(r);
                    } catch (org.apache.kafka.common.KafkaException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // One record must not stop every stream's delivery: it is skipped, loudly.
                        log.error("a SET of stream {} at offset {} could not be queued", r.key(), r.offset(), e);
                    }
                }
                if (!clock.instant().isBefore(nextTick)) {
                    try {
                        tick();
                    } catch (org.apache.kafka.common.KafkaException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        log.error("Shared Signals delivery's periodic work failed; it runs again in a second", e);
                    }
                    nextTick = clock.instant().plus(TICK);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Shared Signals delivery stopped", e);
        } finally {
            release(Set.copyOf(owned));
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Partitions taken: replay each from the earliest position of its streams (its start when one has none). */
    private void take(Collection<TopicPartition> assigned) {
        partitions = consumer.partitionsFor(settings.outboxTopic()).size();
        if (!assigned.isEmpty()) {
            // Another instance may have held these until now: its positions are the ones to resume from.
            readPositions(client);
        }
        for (TopicPartition tp : assigned) {
            owned.add(tp);
            long from = Long.MAX_VALUE;
            boolean unknown = false;
            for (StreamRecord s : streams.all()) {
                if (partition(s.stream().id()) == tp.partition()) {
                    StreamQueue.Position p = known.get(s.stream().id());
                    if (p == null) {
                        unknown = true;
                    } else {
                        from = Math.min(from, p.offset());
                    }
                }
            }
            if (unknown || from == Long.MAX_VALUE) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, from);
            }
        }
    }

    /** Partitions given up: their positions are kept, their lanes stopped, their queues let go. */
    private void release(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            owned.remove(tp);
            for (var it = held.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (partition(e.getKey()) == tp.partition()) {
                    List<CompletableFuture<Void>> waiting;
                    synchronized (e.getValue().queue) {
                        if (e.getValue().lane != null) {
                            e.getValue().lane.stop();
                        }
                        keep(e.getKey(), e.getValue().queue);
                        waiting = List.copyOf(e.getValue().waiting);
                        e.getValue().waiting.clear();
                    }
                    waiting.forEach(w -> w.complete(null));
                    it.remove();
                }
            }
        }
        positions.flush();
    }

    private void offer(ConsumerRecord<String, byte[]> r) {
        Optional<Queued> set = Queued.read(r.value());
        if (r.key() == null || set.isEmpty()) {
            return;
        }
        Held h = held.computeIfAbsent(r.key(), id -> streams.get(id).map(rec -> new Held(
                new StreamQueue(known.getOrDefault(id, new StreamQueue.Position(r.offset(), Set.of()))), rec)).orElse(null));
        if (h == null) {
            return; // a deleted stream: its SETs go nowhere
        }
        boolean queued;
        List<CompletableFuture<Void>> ready = List.of();
        synchronized (h.queue) {
            // A disabled stream's SETs are queued all the same, never sent, and dropped at the next tick
            // unless a stop notice follows them: the status may be read here before the outbox is.
            queued = h.queue.offer(new StreamQueue.Entry(r.offset(), set.get(), Instant.ofEpochMilli(r.timestamp())));
            if (queued) {
                ready = List.copyOf(h.waiting);
                h.waiting.clear();
                push.listener().queued(r.key());
            }
        }
        // Outside the queue's monitor: a waiting poll answers from the queue as soon as it completes.
        ready.forEach(w -> w.complete(null));
        if (queued) {
            lane(r.key(), h).ifPresent(PushLane::wake);
        }
    }

    /** Statuses and deliveries as the streams topic says now, retention, and positions to keep. */
    private void tick() {
        Instant now = clock.instant();
        List<String> gone = new java.util.ArrayList<>();
        for (var e : held.entrySet()) {
            Held h = e.getValue();
            Optional<StreamRecord> now1 = streams.get(e.getKey());
            if (now1.isEmpty()) {
                gone.add(e.getKey());
            }
            synchronized (h.queue) {
                if (now1.isEmpty() || now1.get().status() == StreamStatus.disabled) {
                    dropped(e.getKey(), h.queue.clear(consumerPosition(e.getKey())).count());
                }
                if (now1.isPresent()) {
                    boolean changed = !now1.get().equals(h.record);
                    h.record = now1.get();
                    if (changed && h.lane != null) {
                        h.lane.stop();
                        h.lane = null;
                    }
                }
                dropped(e.getKey(), h.queue.expire(now, settings.retention()).count());
                keep(e.getKey(), h.queue);
            }
            lane(e.getKey(), h).ifPresent(PushLane::wake);
        }
        for (String id : gone) {
            held.remove(id);
            known.remove(id);
            positions.send(new ProducerRecord<>(settings.positionsTopic(), id, null));
        }
    }

    private void dropped(String streamId, int count) {
        if (count > 0) {
            push.listener().dropped(streamId, count);
        }
    }

    private long consumerPosition(String streamId) {
        TopicPartition tp = new TopicPartition(settings.outboxTopic(), partition(streamId));
        try {
            return owned.contains(tp) ? consumer.position(tp) : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Whether a stream's SETs go out now: it is enabled, or someone else stopped it and the notice
     * saying so still waits. The caller holds the queue's monitor.
     */
    private static boolean delivering(StreamRecord record, StreamQueue queue) {
        return record.status().delivers() || queue.draining();
    }

    /** The push lane of a delivering push stream, made when first needed. */
    private Optional<PushLane> lane(String streamId, Held h) {
        synchronized (h.queue) {
            if (!h.record.stream().delivery().isPush() || !delivering(h.record, h.queue)) {
                return Optional.empty();
            }
            if (h.lane == null) {
                PushLane.Listener inner = push.listener();
                PushLane.Listener keeping = new PushLane.Listener() {
                    @Override
                    public void delivered(String id, String jti) {
                        synchronized (h.queue) {
                            keep(id, h.queue);
                        }
                        inner.delivered(id, jti);
                    }

                    @Override
                    public void refused(String id, String jti, String err) {
                        synchronized (h.queue) {
                            keep(id, h.queue);
                        }
                        inner.refused(id, jti, err);
                    }

                    @Override
                    public void retried(String id, String jti, Duration after, String why) {
                        inner.retried(id, jti, after, why);
                    }
                };
                h.lane = new PushLane(h.record.stream(), h.queue, new PushLane.Context(push.issuer(), push.keys(),
                        push.http(), push.endpoints(), push.timeout(), push.firstWait(), push.retryMax(), timer,
                        push.random(), clock, keeping), () -> delivering(h.record, h.queue));
            }
            return Optional.of(h.lane);
        }
    }

    /**
     * A poll of a poll stream this instance holds: acknowledgements and errors first, then the oldest
     * SETs, waiting up to the poll wait for one when there is none. Empty when another instance holds
     * the stream's partition: the caller forwards the poll there.
     */
    public Optional<CompletableFuture<Map<String, Object>>> poll(StreamRecord stream, PollRequest request) {
        if (partitions == 0) {
            return Optional.empty();
        }
        TopicPartition tp = new TopicPartition(settings.outboxTopic(), partition(stream.stream().id()));
        if (!owned.contains(tp)) {
            return Optional.empty();
        }
        Held h = held.computeIfAbsent(stream.stream().id(), id -> new Held(
                new StreamQueue(known.getOrDefault(id, StreamQueue.Position.start())), stream));
        if (!request.ack().isEmpty() || !request.setErrs().isEmpty()) {
            Optional<java.util.concurrent.Future<?>> kept;
            synchronized (h.queue) {
                String id = stream.stream().id();
                h.queue.doneJtis(request.ack()).forEach(j -> push.listener().delivered(id, j));
                request.setErrs().forEach((j, err) -> {
                    if (!h.queue.doneJtis(List.of(j)).isEmpty()) {
                        push.listener().refused(id, j, err.err());
                    }
                });
                kept = keep(id, h.queue);
            }
            // An acknowledgement holds once the poll answers: its position is in Kafka before then.
            try {
                if (kept.isPresent()) {
                    kept.get().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot keep the acknowledgements: " + e.getMessage(), e);
            }
        }
        CompletableFuture<Void> arrival;
        synchronized (h.queue) {
            if (request.maxEvents() == 0 || !delivering(stream, h.queue) || h.queue.size() > 0
                    || request.returnImmediately()) {
                return Optional.of(CompletableFuture.completedFuture(answer(stream, h, request.maxEvents())));
            }
            arrival = new CompletableFuture<>();
            h.waiting.add(arrival);
        }
        return Optional.of(arrival.completeOnTimeout(null, settings.pollWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(x -> {
                    synchronized (h.queue) {
                        h.waiting.remove(arrival);
                        return answer(stream, h, request.maxEvents());
                    }
                }));
    }

    /**
     * The HTTP address of the instance that holds a stream's outbox partition, from the group's
     * members (their client ids carry it), looked up at most every two seconds; empty when none holds it.
     */
    public Optional<String> owner(String streamId) {
        if (partitions == 0) {
            return Optional.empty();
        }
        int partition = partition(streamId);
        if (Duration.between(ownersAt, clock.instant()).compareTo(Duration.ofSeconds(2)) > 0 || !owners.containsKey(partition)) {
            try {
                Map<Integer, String> found = new HashMap<>();
                var group = admin.describeConsumerGroups(List.of(settings.groupId())).all().get(5, TimeUnit.SECONDS)
                        .get(settings.groupId());
                for (var member : group.members()) {
                    String client = member.clientId();
                    int at = client.lastIndexOf('@');
                    if (at < 0) {
                        continue;
                    }
                    for (TopicPartition tp : member.assignment().topicPartitions()) {
                        if (tp.topic().equals(settings.outboxTopic())) {
                            found.put(tp.partition(), client.substring(at + 1));
                        }
                    }
                }
                owners = found;
                ownersAt = clock.instant();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(owners.get(partition)).filter(o -> !o.equals(settings.self()));
    }

    private static Properties adminProps(Properties client) {
        Properties a = new Properties();
        for (String k : org.apache.kafka.clients.admin.AdminClientConfig.configNames()) {
            if (client.containsKey(k)) {
                a.put(k, client.get(k));
            }
        }
        return a;
    }

    private Map<String, Object> answer(StreamRecord stream, Held h, int max) {
        if (max == 0 || !delivering(stream, h.queue)) {
            return PollRequest.answer(Map.of(), false);
        }
        Map<String, String> sets = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (StreamQueue.Entry e : h.queue.head(max)) {
            sets.put(e.set().jti(), push.keys().sign(e.set().claims(push.issuer(), stream.stream().audience(), now)));
        }
        // Past a stop notice nothing is due until the stream is enabled again.
        return PollRequest.answer(sets, h.queue.moreThan(sets.size()) && stream.status().delivers());
    }

    /** Writes the queue's position when it moved; the caller holds the queue's monitor. */
    private Optional<java.util.concurrent.Future<?>> keep(String streamId, StreamQueue queue) {
        StreamQueue.Position p = queue.position();
        if (!p.equals(known.get(streamId))) {
            known.put(streamId, p);
            return Optional.of(positions.send(new ProducerRecord<>(settings.positionsTopic(), streamId, Positions.bytes(p))));
        }
        return Optional.empty();
    }

    private int partition(String streamId) {
        int n = partitions > 0 ? partitions : consumer.partitionsFor(settings.outboxTopic()).size();
        return io.statusflow.client.Placement.owner(streamId.getBytes(java.nio.charset.StandardCharsets.UTF_8), n);
    }

    /** How many SETs wait for each stream this instance holds, and the age of each one's oldest. */
    public Map<String, StreamQueueStats> stats() {
        Map<String, StreamQueueStats> out = new HashMap<>();
        Instant now = clock.instant();
        held.forEach((id, h) -> {
            synchronized (h.queue) {
                out.put(id, new StreamQueueStats(h.queue.size(), h.queue.oldestAge(now)));
            }
        });
        return out;
    }

    /** A stream's waiting SETs, as metrics show them. */
    public record StreamQueueStats(int waiting, Optional<Duration> oldestAge) {}

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        positions.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
