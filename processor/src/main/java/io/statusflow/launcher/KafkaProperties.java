package io.statusflow.launcher;

import io.statusflow.topology.WorkerSettings;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The properties of Kafka Streams and of the plain clients beside it, made from the settings once. */
final class KafkaProperties {

    private KafkaProperties() {}

    /** statusflow's commit interval under exactly-once, unless the operator sets one. */
    static final String EXACTLY_ONCE_COMMIT_MS = "50";

    /** Everything for Kafka Streams and its clients: pass-through keys plus statusflow's Kafka settings. */
    static Properties streams(Properties all, String bootstrapServers) {
        Properties p = new Properties();
        all.stringPropertyNames().stream().filter(k -> !k.startsWith("statusflow."))
                .forEach(k -> p.setProperty(k, all.getProperty(k)));
        p.setProperty(Setting.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        // No global stores here; enabling it only silences Kafka 4.x's warning about its future default.
        p.putIfAbsent("processing.exception.handler.global.enabled", "true");
        // Kafka Streams holds produced records up to 100 ms (its linger.ms); a revocation should not
        // wait for a batch to fill. Kafka's own producer default, unless the operator sets one.
        if (!p.containsKey("linger.ms") && !p.containsKey("producer.linger.ms")) {
            p.setProperty("producer.linger.ms", "5");
        }
        // Under exactly-once an event becomes readable when its transaction commits: on average about one
        // commit interval after its command (the rest of the interval, then the commit). 50 ms halves
        // Kafka Streams' 100 ms wait without a measurable cost in throughput (BENCHMARKS.md, fourth
        // round). Unless the operator sets one.
        if (p.getProperty("processing.guarantee", "").startsWith("exactly_once")) {
            p.putIfAbsent("commit.interval.ms", EXACTLY_ONCE_COMMIT_MS);
        }
        // Kafka Streams runs one stream thread unless told otherwise, which left every core but one
        // idle while that thread was saturated. One per core the JVM may use (a container's limit).
        p.putIfAbsent("num.stream.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        // Every store on one memory budget (RocksDbMemory, put in by the worker); a setter of the operator's own wins.
        p.putIfAbsent("rocksdb.config.setter", io.statusflow.topology.BoundedRocksDb.class.getName());
        return p;
    }

    /** The producer's max.request.size as Kafka Streams will configure it (a producer. key wins). */
    static int maxRequestBytes(Properties streamsProps) {
        String v = streamsProps.getProperty("producer.max.request.size", streamsProps.getProperty("max.request.size"));
        try {
            return v == null ? WorkerSettings.DEFAULT_MAX_RECORD_BYTES : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return WorkerSettings.DEFAULT_MAX_RECORD_BYTES;
        }
    }

    /** What a plain producer or consumer of statusflow's own (no group of the worker's) takes from the worker's properties. */
    static Properties clients(Properties streamsProps) {
        Set<String> known = new HashSet<>(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return ClientProps.only(streamsProps, known);
    }
}
