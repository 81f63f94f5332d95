package io.statusflow.bench;

import io.statusflow.testkit.ConnectSink;
import io.statusflow.testkit.WorkerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.runtime.Connect;

/**
 * Section 8: the shipped Kafka Connect sinks into PostgreSQL. First the time from a command sent to
 * its row visible in {@code statusflow_current}, at a fixed offered load; then rows/s when a tenant
 * with {@value #MEMBERS} members is deactivated and its cascade lands in the table.
 */
final class SinkSection {

    static final long MEMBERS = 100_000;
    static final int RATE = 200;
    static final int USERS = 1_000;
    static final Duration LOAD = Duration.ofSeconds(30);
    /** How often the table is read for new versions: the latencies are this coarse. */
    static final long POLL_MS = 10;
    static final String TENANT = "sinkbig";
    static final String LOADED = "sinkload";

    private final Benchmark.Bench bench;

    SinkSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Kafka kafka = bench.kafka();
        Workers.Run run = new Workers.Run("sink", "sink.commands");
        kafka.create(List.of(run.input()));
        long members = bench.scaled(MEMBERS);
        Mix mix = new Mix(1, members, bench.seed());
        Path dir = bench.dir().resolve("sink");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
                WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 50)) {
            Path credentials = ConnectSink.prepare(pg, dir);
            Connect connect = ConnectSink.startConnect(kafka.bootstrap(), "statusflow-bench-sink");
            try {
                ConnectSink.putConnector(connect, ConnectSink.CURRENT, credentials, run.current());
                ConnectSink.putConnector(connect, ConnectSink.AUDIT, credentials, run.events());
                try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
                    var send = kafka.sender(p, run.input());
                    for (String t : List.of(TENANT, LOADED)) {
                        send.accept(t, mix.tenantCommand(t, "register"));
                    }
                    for (int i = 0; i < USERS; i++) {
                        send.accept(LOADED, mix.activeUser(LOADED, "u" + i));
                    }
                    for (long i = 0; i < members; i++) {
                        send.accept(TENANT, mix.activeUser(TENANT, "u" + i));
                    }
                }
                kafka.checkDelivered();
                long rows = members + USERS + 2;
                long registered = System.nanoTime();
                awaitCount(pg, "select count(*) from statusflow_current", rows, w);
                double registerSeconds = (System.nanoTime() - registered) / 1e9;
                Latencies latency = latency(pg, mix, run.input(), w);
                bench.table().add("sink", String.format("command to its row in PostgreSQL, %d commands/s for %d s", RATE,
                        LOAD.toSeconds()), latency.summary(), "");

                long start = System.nanoTime();
                try (KafkaProducer<String, byte[]> p = kafka.promptProducer()) {
                    kafka.sender(p, run.input()).accept(TENANT,
                            mix.tenantCommand(TENANT, "deactivate"));
                }
                awaitCount(pg, "select count(*) from statusflow_current where tenant_id = '" + TENANT + "' and access = 'none'",
                        members + 1, w);
                double seconds = (System.nanoTime() - start) / 1e9;
                bench.table().add("sink", String.format("tenant deactivation to all %,d members' rows updated", members),
                        String.format("%.1f s (%,.0f rows/s)", seconds, members / seconds), "");
                bench.table().note(String.format("sink: %,d registrations reached the table %.1f s after they were all sent,"
                        + " through statusflow and Connect", rows, registerSeconds));
            } finally {
                connect.stop();
                connect.awaitStop();
            }
            w.terminate();
        }
        bench.workers().discard(run);
    }

    /** Toggles users at {@link #RATE} a second; each command's latency is when its new version shows in the table. */
    private Latencies latency(EmbeddedPostgres pg, Mix mix, String topic, WorkerProcess w) throws Exception {
        Latencies out = new Latencies();
        Map<String, long[]> waiting = new ConcurrentHashMap<>();
        Map<String, Long> version = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            version.put(LOADED + "/user/u" + i, 1L);
        }
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            try (KafkaProducer<String, byte[]> p = bench.kafka().loadProducer(bench.loadLingerMs())) {
                long next = System.nanoTime();
                long end = next + LOAD.toNanos();
                for (int i = 0; System.nanoTime() < end; i++) {
                    String key = LOADED + "/user/u" + (i % USERS);
                    long v = version.merge(key, 1L, Long::sum);
                    String action = v % 2 == 0 ? "deactivate" : "activate";
                    waiting.put(key + "#" + v, new long[] {System.nanoTime()});
                    p.send(new ProducerRecord<>(topic, LOADED, mix.command(LOADED, "user", "u" + (i % USERS), action, "",
                            Mix.SERVICE_ACTOR)));
                    next += 1_000_000_000L / RATE;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sending.set(false);
            }
        }, "sink-load");
        load.start();
        long deadline = System.nanoTime() + LOAD.toNanos() + Duration.ofMinutes(2).toNanos();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement()) {
            while ((sending.get() || !waiting.isEmpty()) && System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("select entity_key, version from statusflow_current where tenant_id = '"
                        + LOADED + "'")) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        long[] sent = waiting.remove(rs.getString(1) + "#" + rs.getLong(2));
                        if (sent != null) {
                            out.add(now - sent[0]);
                        }
                    }
                }
                Workers.alive(w).check();
                Thread.sleep(POLL_MS); // polling the table at a fixed interval: the measure's resolution
            }
        }
        load.join();
        if (!waiting.isEmpty()) {
            bench.table().note("sink: " + waiting.size() + " commands' rows were not seen (overtaken by a later version)");
        }
        return out;
    }

    private static void awaitCount(EmbeddedPostgres pg, String query, long expected, WorkerProcess w) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery(query)) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        return;
                    }
                }
                Workers.alive(w).check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sink: " + query + " did not reach " + expected + " within 30 minutes");
                }
                Thread.sleep(POLL_MS); // polling the table at a fixed interval
            }
        }
    }
}
