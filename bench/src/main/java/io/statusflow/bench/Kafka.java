package io.statusflow.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmark's plain Kafka clients: topics, a bulk loader, and read_committed readers. */
final class Kafka {

    private final String bootstrap;
    private final int partitions;
    private final java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();

    Kafka(String bootstrap, int partitions) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
    }

    String bootstrap() {
        return bootstrap;
    }

    int partitions() {
        return partitions;
    }

    /** Creates the topics and waits until every partition has a leader, so that no first send is refused. */
    void create(Collection<String> topics) throws ExecutionException, InterruptedException {
        create(topics, Map.of());
    }

    /** The same, with these topic configurations. */
    void create(Collection<String> topics, Map<String, String> configs) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1).configs(configs)).toList())
                    .all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!led(admin, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no leader for every partition of " + topics + " within 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Whether every partition of {@code topics} has a leader that serves it; false while the broker does not know a new
     * topic yet. A leader in the metadata is not enough: a broker can name it before it has opened the partition, and an
     * idempotent producer whose first batch is refused then while its next is taken loses the first (KAFKA-15591: every
     * retry is "out of order" until the delivery timeout). Listing offsets asks the partition itself.
     */
    private static boolean led(Admin admin, Collection<String> topics) throws ExecutionException, InterruptedException {
        try {
            var described = admin.describeTopics(topics).allTopicNames().get();
            if (!described.values().stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null))) {
                return false;
            }
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new java.util.HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> ends.put(
                    new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())));
            admin.listOffsets(ends).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) {
                return false;
            }
            throw e;
        }
    }

    /** A fast producer for loads made in advance; sends through the callback, flushes on close. */
    KafkaProducer<String, byte[]> bulkProducer() {
        return producer("20", "262144");
    }

    /** A bulk producer that places keys as librdkafka's clients do by default (crc32), not as Java's. */
    KafkaProducer<String, byte[]> bulkCrc32Producer() {
        return producer("20", "262144", CRC32);
    }

    private static final Map<String, Object> CRC32 = Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG,
            io.statusflow.testkit.Crc32Partitioner.class.getName());

    /** A producer that sends each record at once, for latency probes. */
    KafkaProducer<String, byte[]> promptProducer() {
        return loadProducer(0);
    }

    /** A producer of an offered load: sends as an admin API's producer would, lingering {@code lingerMs} for a batch. */
    KafkaProducer<String, byte[]> loadProducer(int lingerMs) {
        return loadProducer(lingerMs, false);
    }

    /** The same; with {@code crc32}, placing keys as librdkafka's clients do by default. */
    KafkaProducer<String, byte[]> loadProducer(int lingerMs, boolean crc32) {
        return producer(Integer.toString(lingerMs), "65536", crc32 ? CRC32 : Map.of());
    }

    /** Whether a crc32 producer puts {@code key} on another partition than Java's producer (murmur2) does. */
    static boolean crossed(String key, int partitions) {
        byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return io.statusflow.testkit.Crc32Partitioner.partition(k, partitions)
                != io.statusflow.client.Placement.owner(k, partitions);
    }

    private KafkaProducer<String, byte[]> producer(String linger, String batch) {
        return producer(linger, batch, Map.of());
    }

    private KafkaProducer<String, byte[]> producer(String linger, String batch, Map<String, Object> extra) {
        Map<String, Object> p = new java.util.HashMap<>(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batch);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends to {@code topic}; a record that cannot be delivered fails the next {@link #sender} call
     * or {@link #checkDelivered()}, so that a load is never silently short.
     */
    BiConsumer<String, byte[]> sender(KafkaProducer<String, byte[]> producer, String topic) {
        checkDelivered();
        return (key, value) -> producer.send(new ProducerRecord<>(topic, key, value), (m, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        });
    }

    /** Sends records the caller built (with headers), failing later as {@link #sender} does. */
    void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        producer.send(record, (m, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        });
    }

    /** Throws when any record sent through {@link #sender} was not delivered. Call after closing the producer. */
    void checkDelivered() {
        Exception e = failed.get();
        if (e != null) {
            throw new IllegalStateException("a record of the load was not delivered: " + e, e);
        }
    }

    /** A committed-only reader of every partition of a topic, from its beginning. */
    KafkaConsumer<byte[], byte[]> reader(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /**
     * Reads {@code topic} until {@code n} records have come; returns when the first came and when
     * each mark (a count) was reached, the last mark being {@code n}.
     */
    Span await(String topic, long[] marks, Duration timeout, WorkerProbe alive) {
        long n = marks[marks.length - 1];
        long[] at = new long[marks.length];
        try (KafkaConsumer<byte[], byte[]> c = reader(topic)) {
            long seen = 0;
            long first = 0;
            int next = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < n) {
                int got = c.poll(Duration.ofMillis(20)).count();
                long now = System.nanoTime();
                if (got > 0 && seen == 0) {
                    first = now;
                }
                seen += got;
                while (next < marks.length && seen >= marks[next]) {
                    at[next++] = now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("saw " + seen + " of " + n + " records on " + topic + " within " + timeout);
                }
                alive.check();
            }
            return new Span(first, at, seen);
        }
    }

    /** Every committed record of a topic, counted once nothing new has come for {@code quiet}. */
    long countAll(String topic, Duration quiet) {
        try (KafkaConsumer<byte[], byte[]> c = reader(topic)) {
            long n = 0;
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                int got = c.poll(Duration.ofMillis(100)).count();
                if (got > 0) {
                    n += got;
                    lastNew = System.nanoTime();
                }
            }
            return n;
        }
    }

    void delete(Collection<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var existing = admin.listTopics().names().get();
            var doomed = existing.stream().filter(t -> topics.stream().anyMatch(t::startsWith)).toList();
            admin.deleteTopics(doomed).all().get();
        }
    }

    /** Fails fast when the process under test has died. */
    interface WorkerProbe {
        void check();
    }

    /** When the first record was seen and when each mark was reached, in nanoTime. */
    record Span(long firstNanos, long[] markNanos, long count) {
        /** Records per second from the first record to the last mark. */
        double perSecond() {
            return count / ((markNanos[markNanos.length - 1] - firstNanos) / 1e9);
        }

        /** Records per second between two marks (index -1 is the first record). */
        double perSecond(long[] marks, int from, int to) {
            long fromCount = from < 0 ? 0 : marks[from];
            long fromNanos = from < 0 ? firstNanos : markNanos[from];
            return (marks[to] - fromCount) / ((markNanos[to] - fromNanos) / 1e9);
        }
    }
}
