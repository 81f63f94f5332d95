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
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long sent;

    /** {@code entities}: how many of {@code mix}'s entities are registered (the first ones). */
    OfferedLoad(Benchmark.Bench bench, Mix mix, long entities, String topic, double rate) {
        this.bench = bench;
        this.mix = mix;
        this.entities = entities;
        this.topic = topic;
        this.rate = rate;
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
        try (KafkaProducer<String, byte[]> p = bench.kafka().loadProducer(bench.loadLingerMs())) {
            long start = System.nanoTime();
            long n = 0;
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
                }
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
