package io.statusflow.it;

import io.statusflow.testkit.Ports;
import io.statusflow.topology.Topic;
import io.statusflow.launcher.EmbeddedKafka;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that kills and restarts workers on a broker of its own, started in the test JVM
 * before its tests and stopped after them, with the clients such tests read and load it with.
 */
abstract class OwnBroker {

    static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory("statusflow-it-broker"), Ports.freePair());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** A committed-only reader of both partitions of a two-partition topic, from the beginning. */
    static KafkaConsumer<String, String> committedReader(Topic<String, byte[]> output) {
        String topic = output.name();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // Values as text, for the tests to parse and show.
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, output.keySerde().deserializer(), new StringDeserializer());
        List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** A producer that batches, for loads of commands. */
    static KafkaProducer<String, byte[]> producer(String lingerMs) {
        return producer(lingerMs, Map.of());
    }

    /** A producer that batches, with more settings (a partitioner, ...). */
    static KafkaProducer<String, byte[]> producer(String lingerMs, Map<String, Object> extra) {
        Map<String, Object> p = new java.util.HashMap<>(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
