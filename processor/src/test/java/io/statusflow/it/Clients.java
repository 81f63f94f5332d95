package io.statusflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.topology.Cmd;
import io.statusflow.topology.Topic;
import io.statusflow.topology.Topics;
import io.statusflow.topology.TopologyDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/** A plain producer and read_committed consumers, as other teams use the topics. */
final class Clients implements AutoCloseable {

    /** The worker's topics, as the tests' workers run with them. */
    static final Topics TOPICS = Topics.defaults();

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    Clients(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgement; returns the partition the record went to. */
    int send(Topic<?, byte[]> topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic.name(), key, value)).get().partition();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    int send(Cmd cmd) {
        return send(TOPICS.commands(), cmd.tenantId(), cmd.bytes());
    }

    /** A committed-only reader of a topic from its beginning; keys as text, to match on. */
    Reader reader(Topic<?, byte[]> topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> parts = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return new Reader(c);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Accumulates what a consumer has read, so tests can wait for records and then count them. */
    static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        Reader(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        /** Polls until at least {@code count} records match, or fails at the deadline. */
        List<JsonNode> awaitCount(Predicate<JsonNode> match, int count, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                List<JsonNode> matching = matching(match);
                if (matching.size() >= count) {
                    return matching;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("expected " + count + " matching records within " + timeout
                            + ", saw " + matching.size() + " of " + seen.size());
                }
                poll(Duration.ofMillis(200));
            }
        }

        /** Keeps reading for {@code quiet}, then returns what matched: for asserting that nothing more came. */
        List<JsonNode> settle(Predicate<JsonNode> match, Duration quiet) {
            Instant end = Instant.now().plus(quiet);
            while (Instant.now().isBefore(end)) {
                poll(Duration.ofMillis(200));
            }
            return matching(match);
        }

        List<ConsumerRecord<String, byte[]>> raw() {
            return seen;
        }

        void poll(Duration d) {
            consumer.poll(d).forEach(seen::add);
        }

        private List<JsonNode> matching(Predicate<JsonNode> match) {
            List<JsonNode> out = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : seen) {
                if (r.value() == null) {
                    continue;
                }
                JsonNode n;
                try {
                    n = TopologyDriver.parse(r.value());
                } catch (RuntimeException e) {
                    continue;
                }
                if (match.test(n)) {
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
