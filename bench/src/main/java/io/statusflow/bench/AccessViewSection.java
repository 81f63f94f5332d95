package io.statusflow.bench;

import io.statusflow.client.Access;
import io.statusflow.client.AccessView;
import io.statusflow.schema.EntityType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The client library's AccessView on a status.current of {@code entities} snapshots (users and
 * clients of 10,000 tenants, ids of about 20 characters, as the mix names them): catch-up from an
 * empty view in entities/s, heap bytes per entity once caught up, and lookups per second on one
 * thread over random entities. The view runs in this JVM, beside the broker: the heap is measured
 * as the difference it makes after a full GC.
 */
final class AccessViewSection {

    static final String TOPIC = "av.current";
    private static final int TENANTS = 10_000;

    private final Benchmark.Bench bench;

    AccessViewSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run(long entities) throws Exception {
        Kafka kafka = bench.kafka();
        kafka.create(List.of(TOPIC), Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            java.util.function.BiConsumer<String, byte[]> send = kafka.sender(p, TOPIC);
            for (long i = 0; i < entities; i++) {
                String tenant = tenant(i);
                String type = i % 3 == 0 ? "client" : "user";
                String id = id(i);
                String key = tenant + "/" + type + "/" + id;
                String status = i % 10 == 0 ? "inactive" : "active";
                send.accept(key, ("{\"entityKey\":\"" + key + "\",\"tenantId\":\"" + tenant + "\",\"type\":\"" + type + "\",\"id\":\""
                        + id + "\",\"identifier\":null,\"status\":\"" + status + "\",\"access\":\"" + (i % 10 == 0 ? "none" : "full")
                        + "\",\"reason\":null,\"disabledBy\":null,\"validUntil\":null,\"version\":3,\"createdAt\":"
                        + "\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"updatedBy\":\"bench\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        kafka.checkDelivered();
        long heapBefore = usedHeapAfterGc();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrap());
        long started = System.nanoTime();
        AccessView view = AccessView.builder(props).topic(TOPIC).build();
        if (!view.awaitReady(Duration.ofHours(1))) {
            throw new IllegalStateException("the view was not ready within an hour");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long held = view.stats().entities();
        long heapAfter = usedHeapAfterGc();
        double perEntity = (heapAfter - heapBefore) / (double) held;
        bench.table().add("access-view", String.format("catch-up of %,d entities from an empty view, entities/s", held),
                String.format("%,.0f (%.1f s)", held / seconds, seconds), ">= statusflow's restore");
        bench.table().add("access-view", "heap per entity once caught up, bytes (view's own estimate)",
                String.format("%.0f (%.0f)", perEntity, view.stats().approximateBytes() / (double) held), "<= 96");
        bench.table().add("access-view", "accessOf lookups per second, one thread, random entities of all", String.format("%,.0f",
                lookups(view, entities, 1 << 16)), "> 10,000,000");
        bench.table().add("access-view", "accessOf lookups per second, one thread, a hot set of 1,024 entities", String.format("%,.0f",
                lookups(view, entities, 1 << 10)), "> 10,000,000");
        view.close();
        bench.kafka().delete(List.of(TOPIC));
    }

    /**
     * Median of five one-second rounds after a warm-up round, over {@code n} (a power of two) entities drawn at
     * random: many more than the caches hold, or few enough to stay in them, as a service's active users do.
     */
    private static double lookups(AccessView view, long entities, int n) {
        SplittableRandom random = new SplittableRandom(1);
        String[] tenants = new String[n];
        String[] ids = new String[n];
        EntityType[] types = new EntityType[n];
        for (int i = 0; i < n; i++) {
            long e = random.nextLong(entities);
            // Strings of their own, as a caller's come from its requests.
            tenants[i] = new String(tenant(e));
            ids[i] = new String(id(e));
            types[i] = e % 3 == 0 ? EntityType.client : EntityType.user;
        }
        double[] rounds = new double[6];
        long full = 0;
        for (int r = 0; r < rounds.length; r++) {
            long count = 0;
            long start = System.nanoTime();
            long end = start + 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1024; i++) {
                    int k = (int) (count & (n - 1));
                    if (view.accessOf(tenants[k], types[k], ids[k]) == Access.FULL) {
                        full++;
                    }
                    count++;
                }
            }
            rounds[r] = count / ((System.nanoTime() - start) / 1e9);
        }
        if (full == 0) {
            throw new IllegalStateException("no lookup found an entity: the view is empty");
        }
        double[] counted = java.util.Arrays.copyOfRange(rounds, 1, rounds.length);
        java.util.Arrays.sort(counted);
        return counted[counted.length / 2];
    }

    static String tenant(long i) {
        return "tenant-" + (i % TENANTS);
    }

    /** About twenty characters, as the benchmark's mix names entities. */
    static String id(long i) {
        return String.format("entity-%013d", i);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
