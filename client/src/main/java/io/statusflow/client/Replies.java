package io.statusflow.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/**
 * Request and reply over statusflow's topics, as bytes: sends a command keyed by its tenant to the
 * tenant's own partition, and completes when its result appears. One idempotent producer and one
 * {@code read_committed} consumer serve every request; the consumer reads the result topic from
 * its end, without a consumer group, so every instance of a service sees every result and picks
 * out its own by (tenant, commandId): command ids are scoped to their tenant, so another tenant's
 * result with the same id is never taken for this one's. {@link StatusCommands} builds on it; the
 * worker's HTTP API uses it as it is.
 */
public final class Replies implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final String commandsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Pair, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Semaphore room;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    /**
     * @param clientProps bootstrap servers and any security settings; a {@code group.id} is ignored
     * @param maxInFlight requests waiting at once; one more is refused at once, not queued
     */
    public Replies(Properties clientProps, String commandsTopic, String resultsTopic, int maxInFlight, Duration startTimeout) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.commandsTopic = commandsTopic;
        this.room = new Semaphore(maxInFlight);
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> consumer = null;
        try {
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(resultsTopic, startTimeout).stream()
                    .map(i -> new TopicPartition(resultsTopic, i.partition())).toList();
            if (parts.isEmpty()) {
                throw new IllegalStateException("the result topic " + resultsTopic + " does not exist");
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            // Resolve the end offsets now, before the first command is sent, so that no reply is missed.
            for (TopicPartition tp : parts) {
                consumer.position(tp, startTimeout);
            }
            // The partition count of the commands topic, checked once: an unknown topic fails here, not at the first send.
            producer.partitionsFor(commandsTopic);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            throw e;
        }
        this.consumer = consumer;
        this.reader = new Thread(this::readResults, "statusflow-results-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A command's identity: its tenant (the record key) and its commandId. */
    private record Pair(String tenantId, String commandId) {}

    /**
     * Sends a command and completes with its result's JSON, or exceptionally: {@link InFlight} when a
     * request for the same pair still waits here, {@link Full} when {@code maxInFlight} requests wait,
     * {@link Unavailable} when the command cannot be sent or results cannot be read. {@code authorization}
     * goes with the record as its {@code authorization} header (a worker with {@code --command-auth token}).
     */
    public CompletableFuture<byte[]> send(String tenantId, String commandId, byte[] command, Optional<String> authorization) {
        if (!running.get() || !reader.isAlive()) {
            return CompletableFuture.failedFuture(new Unavailable("the result reader has stopped"));
        }
        if (!room.tryAcquire()) {
            return CompletableFuture.failedFuture(new Full());
        }
        Pair pair = new Pair(tenantId, commandId);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        if (pending.putIfAbsent(pair, reply) != null) {
            room.release();
            return CompletableFuture.failedFuture(new InFlight());
        }
        reply.whenComplete((r, e) -> {
            pending.remove(pair, reply);
            room.release();
        });
        try {
            byte[] key = tenantId.getBytes(StandardCharsets.UTF_8);
            int partition = Placement.owner(key, producer.partitionsFor(commandsTopic).size());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(commandsTopic, partition, tenantId, command);
            authorization.ifPresent(a -> record.headers().add("authorization", a.getBytes(StandardCharsets.UTF_8)));
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    reply.completeExceptionally(new Unavailable("the command could not be sent: " + error.getClass().getSimpleName()));
                }
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(new Unavailable("the command could not be sent: " + e.getClass().getSimpleName()));
        }
        return reply;
    }

    /** Stops waiting for a reply (a timeout): the request's future is completed with {@code why}. */
    public void forget(String tenantId, String commandId, RuntimeException why) {
        CompletableFuture<byte[]> f = pending.remove(new Pair(tenantId, commandId));
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    /** Whether results are being read: false once the reader has stopped or this is closed. */
    public boolean healthy() {
        return running.get() && reader.isAlive();
    }

    /** Requests waiting for their result now. */
    public int waiting() {
        return pending.size();
    }

    private void readResults() {
        RuntimeException stopped = new Unavailable("the result reader has stopped");
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || r.value() == null || pending.isEmpty()) {
                        continue;
                    }
                    String tenantId = tenantOf(r.value());
                    // Removed before it completes, so that whoever it wakes may send the same pair again at once.
                    CompletableFuture<byte[]> f = tenantId == null ? null : pending.remove(new Pair(tenantId, r.key()));
                    if (f != null) {
                        f.complete(r.value());
                    }
                }
            }
            stopped = new Unavailable("closed");
        } catch (WakeupException e) {
            stopped = new Unavailable("closed");
        } catch (RuntimeException e) {
            stopped = new Unavailable("the result reader has stopped: " + e.getClass().getSimpleName());
        } finally {
            running.set(false);
            for (CompletableFuture<byte[]> f : pending.values()) {
                f.completeExceptionally(stopped);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The result's top-level tenantId, read without building a tree; null when it has none. */
    static String tenantOf(byte[] result) {
        try (JsonParser p = JSON.createParser(result)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("tenantId")) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Completes every waiting request exceptionally ({@link Unavailable}, "closed") and closes the clients. */
    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Another request with this (tenant, commandId) is still waiting for its result here. */
    public static final class InFlight extends RuntimeException {
        public InFlight() {
            super("a request with this commandId is already waiting for its result in this tenant", null, false, false);
        }
    }

    /** As many requests as allowed are waiting: this one was refused at once. */
    public static final class Full extends RuntimeException {
        public Full() {
            super("too many commands are waiting for their results", null, false, false);
        }
    }

    /** The command cannot be sent or its result read now. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
