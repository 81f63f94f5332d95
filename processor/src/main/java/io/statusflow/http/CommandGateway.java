package io.statusflow.http;

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
 * every result and picks out its own by commandId.
 */
public final class CommandGateway implements Gateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);

    private final String commandsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic) {
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

    /** Sends a command keyed by its tenant; the future completes with the result's JSON. */
    @Override
    public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command) {
        CompletableFuture<byte[]> reply = pending.computeIfAbsent(commandId, id -> new CompletableFuture<>());
        producer.send(new ProducerRecord<>(commandsTopic, tenantId, command), (meta, error) -> {
            if (error != null) {
                pending.remove(commandId);
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    @Override
    public void forget(String commandId) {
        pending.remove(commandId);
    }

    private void readResults() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CompletableFuture<byte[]> f = r.key() == null ? null : pending.remove(r.key());
                    if (f != null) {
                        f.complete(r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("the HTTP result reader stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
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
