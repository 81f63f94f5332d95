package io.statusflow.ssf.delivery;

import io.statusflow.ssf.StreamQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The positions on a compacted topic keyed by stream id; a null value forgets a stream. */
public final class KafkaPositionLog implements PositionLog {

    private final String topic;
    private final Properties client;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, StreamQueue.Position> known = new ConcurrentHashMap<>();

    public KafkaPositionLog(Properties client, String topic) {
        this.topic = topic;
        this.client = client;
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void reload() {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(client, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = reader.partitionsFor(topic, Duration.ofSeconds(30)).stream()
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

    @Override
    public Optional<StreamQueue.Position> get(String streamId) {
        return Optional.ofNullable(known.get(streamId));
    }

    @Override
    public Optional<Future<?>> keep(String streamId, StreamQueue.Position position) {
        if (position.equals(known.put(streamId, position))) {
            return Optional.empty();
        }
        return Optional.of(producer.send(new ProducerRecord<>(topic, streamId, Positions.bytes(position))));
    }

    @Override
    public void forget(String streamId) {
        known.remove(streamId);
        producer.send(new ProducerRecord<>(topic, streamId, null));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
