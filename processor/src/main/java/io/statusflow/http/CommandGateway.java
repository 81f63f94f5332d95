package io.statusflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over Kafka: sends a command and completes when its result appears on the result
 * topic. One producer and one read_committed consumer serve every concurrent request; the
 * consumer reads the result topic from its end, without a consumer group, so each instance sees
 * every result and picks out its own by (tenantId, commandId): command ids are scoped to their
 * tenant, so a result of another tenant with the same id is not this request's.
 */
public final class CommandGateway implements Gateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);

    private final String commandsTopic;
    private final boolean forwardTokens;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Pair, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic) {
        this(clientProps, commandsTopic, resultsTopic, false);
    }

    /**
     * @param forwardTokens whether each command carries its caller's {@code Authorization} as a record
     *     header, for a worker that takes verified actors only ({@code --command-auth token})
     */
    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic, boolean forwardTokens) {
        this.forwardTokens = forwardTokens;
        this.commandsTopic = commandsTopic;
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(resultsTopic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(resultsTopic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        // Resolve the end offsets now, before the first command is sent, so no reply is missed.
        parts.forEach(consumer::position);
        this.reader = new Thread(this::readResults, "statusflow-http-results");
        reader.setDaemon(true);
        reader.start();
    }

    /** A command's identity: its tenant (the record key) and its commandId. */
    private record Pair(String tenantId, String commandId) {}

    /** Sends a command keyed by its tenant; the future completes with the result's JSON. */
    @Override
    public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command,
            java.util.Optional<String> authorization) {
        if (!reader.isAlive()) {
            return CompletableFuture.failedFuture(new Unavailable("the result reader has stopped"));
        }
        Pair pair = new Pair(tenantId, commandId);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        if (pending.putIfAbsent(pair, reply) != null) {
            return CompletableFuture.failedFuture(new InFlight());
        }
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(commandsTopic, tenantId, command);
            if (forwardTokens) {
                authorization.ifPresent(a -> record.headers().add("authorization", a.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    pending.remove(pair, reply);
                    reply.completeExceptionally(new Unavailable("the command could not be sent: " + error.getClass().getSimpleName()));
                }
            });
        } catch (RuntimeException e) {
            pending.remove(pair, reply);
            reply.completeExceptionally(new Unavailable("the command could not be sent: " + e.getClass().getSimpleName()));
        }
        return reply;
    }

    @Override
    public void forget(String tenantId, String commandId) {
        pending.remove(new Pair(tenantId, commandId));
    }

    @Override
    public boolean healthy() {
        return reader.isAlive();
    }

    private void readResults() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || r.value() == null || pending.isEmpty()) {
                        continue;
                    }
                    String tenantId = tenantOf(r.value());
                    CompletableFuture<byte[]> f = tenantId == null ? null : pending.remove(new Pair(tenantId, r.key()));
                    if (f != null) {
                        f.complete(r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("the HTTP result reader stopped; HTTP commands answer 503 until a restart", e);
        } finally {
            Unavailable stopped = new Unavailable("the result reader has stopped");
            pending.values().forEach(f -> f.completeExceptionally(stopped));
            pending.clear();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The result's tenantId, or null when it has none (a result of a record that was not a readable command). */
    private static String tenantOf(byte[] result) {
        try {
            JsonNode t = Json.MAPPER.readTree(result).get("tenantId");
            return t != null && t.isTextual() ? t.textValue() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
