package io.statusflow.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Commands offered at a fixed rate from a thread of their own: each toggles a registered entity of
 * {@code mix} (deactivates an active one, activates an inactive one), from a service admin, so that
 * every command is valid and changes something. Keeps when each command id was sent; the reader
 * of its outcomes takes them out.
 */
final class OfferedLoad implements AutoCloseable {

    private final Benchmark.Bench bench;
    private final Mix mix;
    private final long entities;
    private final String topic;
    private final double rate;
    /** Keys placed as librdkafka's clients place them (crc32), not as Java's producer does. */
    private final boolean crc32;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long sent;
    /** Of those sent, how many went to a partition that does not own their tenant (with {@link #crc32}). */
    private volatile long crossed;

    /**
     * {@code entities}: how many of {@code mix}'s entities are registered (the first ones); {@code crc32}: whether keys
     * are placed as librdkafka's clients place them by default, so that statusflow reroutes most commands.
     */
    OfferedLoad(Benchmark.Bench bench, Mix mix, long entities, String topic, double rate, boolean crc32) {
        this.bench = bench;
        this.mix = mix;
        this.entities = entities;
        this.topic = topic;
        this.rate = rate;
        this.crc32 = crc32;
        this.thread = new Thread(this::offer, "offered-load");
    }

    OfferedLoad start() {
        thread.start();
        return this;
    }

    /** Command id to the {@link System#nanoTime()} of its send, for every command not yet taken out. */
    Map<String, Long> sentAt() {
        return sentAt;
    }

    long sent() {
        return sent;
    }

    /** The share of the commands sent so far that arrived on a partition that does not own their tenant. */
    double rerouted() {
        long n = sent;
        return n == 0 ? 0 : (double) crossed / n;
    }

    boolean sending() {
        return sending.get();
    }

    /** Stops sending and waits until every command sent is with the broker. */
    void stop() throws InterruptedException {
        sending.set(false);
        thread.join();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void offer() {
        SplittableRandom random = new SplittableRandom(bench.seed());
        boolean[] inactive = new boolean[(int) entities];
        try (KafkaProducer<String, byte[]> p = bench.kafka().loadProducer(bench.loadLingerMs(), crc32)) {
            int partitions = bench.kafka().partitions();
            long start = System.nanoTime();
            long n = 0;
            long across = 0;
            while (sending.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; n < due; n++) {
                    int e = random.nextInt((int) entities);
                    String id = mix.nextId();
                    String action = inactive[e] ? "activate" : "deactivate";
                    inactive[e] = !inactive[e];
                    byte[] value = mix.commandWithId(id, mix.tenantOf(e), Mix.type(e), Mix.id(e), action, Mix.SERVICE_ACTOR);
                    sentAt.put(id, System.nanoTime());
                    p.send(new ProducerRecord<>(topic, mix.tenantOf(e), value));
                    if (crc32 && Kafka.crossed(mix.tenantOf(e), partitions)) {
                        across++;
                    }
                }
                crossed = across;
                sent = n;
                try {
                    Thread.sleep(1); // the pace of the offered load, not a wait for an outcome
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
