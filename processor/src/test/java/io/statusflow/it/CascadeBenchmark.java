package io.statusflow.it;

import io.statusflow.launcher.EmbeddedKafka;
import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A program, not a test: times a tenant deactivation's cascade over N members with the jar
 * running against an embedded broker, while another tenant's commands run at a fixed rate and
 * their command-to-result latency is measured. Prints one line per size.
 *
 * <pre>mvn -q -B -DskipTests install && mvn -q -B -pl processor exec:java \
 *   -Dexec.mainClass=io.statusflow.it.CascadeBenchmark -Dexec.classpathScope=test -Dexec.args="100000 1000000"</pre>
 */
public final class CascadeBenchmark {

    private static final int PROBE_PER_SECOND = 50;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {100_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("statusflow-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), Ports.freePair())) {
            String bootstrap = broker.bootstrapServers();
            List<String> extra = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--state-dir",
                    dir.resolve("state").toString(), "--partitions", "2", "--replication-factor", "1", "--no-http"));
            String chunk = System.getProperty("chunk");
            if (chunk != null) {
                extra.addAll(List.of("--cascade-chunk", chunk));
            }
            String more = System.getProperty("workerArgs", "");
            if (!more.isBlank()) {
                extra.addAll(List.of(more.strip().split("\\s+")));
            }
            String interval = System.getProperty("interval");
            if (interval != null) {
                extra.addAll(List.of("--cascade-interval", interval));
            }
            try (WorkerProcess worker = WorkerProcess.start(dir, extra.toArray(String[]::new)).awaitReady()) {
                System.out.printf("%-10s %-14s %-12s %-16s %-10s %-10s %-10s%n", "members", "register/s", "cascade s",
                        "cascade members/s", "other p50", "other p99", "other max");
                for (int n : sizes) {
                    run(bootstrap, "bench" + n, n);
                }
                worker.terminate();
            }
        }
    }

    private static void run(String bootstrap, String tenant, int members) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
                KafkaConsumer<String, String> events = reader(bootstrap, "status.events")) {
            send(producer, Cmd.tenant(tenant, "register"));
            send(producer, Cmd.tenant("probe-" + tenant, "register"));
            send(producer, Cmd.user("probe-" + tenant, "p", "register").status("active").by(Actors.PLATFORM));
            long start = System.nanoTime();
            for (int i = 0; i < members; i++) {
                send(producer, Cmd.user(tenant, "u" + i, "register").status("active").by(Actors.PLATFORM));
            }
            producer.flush();
            countUntil(events, tenant + "/", members + 1);
            double registerSeconds = (System.nanoTime() - start) / 1e9;

            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread probe = probe(bootstrap, "probe-" + tenant, sentAt, running);
            Thread results = latencyReader(bootstrap, sentAt, latencies, running);
            Thread.sleep(1_000);
            latencies.clear();

            long cascadeStart = System.nanoTime();
            send(producer, Cmd.tenant(tenant, "deactivate"));
            producer.flush();
            countUntil(events, tenant + "/", members + 1);
            double cascadeSeconds = (System.nanoTime() - cascadeStart) / 1e9;
            running.set(false);
            probe.join();
            results.join();

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%-10d %-14.0f %-12.2f %-16.0f %-10s %-10s %-10s%n", members, members / registerSeconds,
                    cascadeSeconds, members / cascadeSeconds, ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0));
        }
    }

    /** Commands of another tenant at a fixed rate, each remembered with its send time. */
    private static Thread probe(String bootstrap, String tenant, Map<String, Long> sentAt, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
                long next = System.nanoTime();
                int i = 0;
                while (running.get()) {
                    Cmd c = Cmd.user(tenant, "p", i++ % 2 == 0 ? "deactivate" : "activate").by(Actors.SERVICE_ADMIN);
                    sentAt.put(c.commandId(), System.nanoTime());
                    p.send(new ProducerRecord<>("status.commands", tenant, c.bytes()));
                    next += 1_000_000_000L / PROBE_PER_SECOND;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe");
        t.start();
        return t;
    }

    private static Thread latencyReader(String bootstrap, Map<String, Long> sentAt, List<Long> latencies, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> c = reader(bootstrap, "status.command-results")) {
                c.seekToEnd(c.assignment());
                c.assignment().forEach(c::position);
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(20))) {
                        Long sent = sentAt.remove(r.key());
                        if (sent != null) {
                            latencies.add(System.nanoTime() - sent);
                        }
                    }
                }
            }
        }, "latency");
        t.start();
        return t;
    }

    private static void countUntil(KafkaConsumer<String, String> consumer, String prefix, int wanted) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (seen < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("saw " + seen + " of " + wanted + " events");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.key().startsWith(prefix)) {
                    seen++;
                }
            }
        }
    }

    private static String ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
        return String.format("%.0fms", sorted.get(Math.max(0, i)) / 1e6);
    }

    private static void send(KafkaProducer<String, byte[]> p, Cmd c) {
        p.send(new ProducerRecord<>("status.commands", c.tenantId(), c.bytes()));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144"), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> reader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}
