package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import io.statusflow.testkit.ConnectSink;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.Test;

/**
 * While commands flow, the statusflow worker is killed (SIGKILL, a transaction left open) and
 * restarted, and later the Connect worker is stopped and started again: the tables still equal the
 * committed topics, every event is one row, and nothing of the aborted transaction appears.
 */
class PostgresSinkCrashIT extends OwnBroker {

    private static final int TENANTS = 4;
    private static final int USERS = 25;
    private static final int TOGGLES = 1_500;
    private static final int PER_SECOND = 300;

    @Test
    void a_killed_statusflow_and_a_restarted_connect_leave_the_tables_equal_to_the_committed_topics() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-sink-crash");
        Path config = dir.resolve("worker.properties");
        Files.writeString(config, "consumer.session.timeout.ms=6000\nconsumer.heartbeat.interval.ms=1000\n");
        String[] args = {"--bootstrap-servers", broker.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
            "--config", config.toString(), "--partitions", "2", "--replication-factor", "1", "--no-http"};
        Set<String> answered = new HashSet<>();
        List<String> sent = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
                KafkaConsumer<String, String> results = committedReader(TOPICS.results())) {
            Path credentials = ConnectSink.prepare(pg, dir);
            recordEveryWrite(pg);
            Connect connect = SinkHarness.startConnect();
            WorkerProcess worker = WorkerProcess.start(dir, args).awaitReady();
            try {
                SinkHarness.putConnectors(connect, credentials);
                List<Cmd> registers = new ArrayList<>();
                for (int t = 0; t < TENANTS; t++) {
                    registers.add(Cmd.tenant("crash-" + t, "register").by(Actors.PLATFORM));
                    for (int u = 0; u < USERS; u++) {
                        registers.add(Cmd.user("crash-" + t, "u" + u, "register").status("active").by(Actors.PLATFORM));
                    }
                }
                send(registers, sent, Integer.MAX_VALUE);
                List<Cmd> toggles = new ArrayList<>();
                boolean[] off = new boolean[TENANTS * USERS];
                for (int i = 0; i < TOGGLES; i++) {
                    int user = (int) ((i * 2_654_435_761L) % off.length);
                    toggles.add(Cmd.user("crash-" + user / USERS, "u" + user % USERS, off[user] ? "activate" : "deactivate")
                            .by(Actors.PLATFORM));
                    off[user] = !off[user];
                }
                List<String> toggled = new ArrayList<>();
                CompletableFuture<Void> load = CompletableFuture.runAsync(() -> send(toggles, toggled, PER_SECOND));

                read(results, answered, registers.size() + TOGGLES / 4);
                worker.kill();
                int atKill = answered.size();
                worker = WorkerProcess.start(dir, args).awaitReady();

                read(results, answered, registers.size() + TOGGLES * 3 / 5);
                connect.stop();
                connect.awaitStop();
                connect = SinkHarness.startConnect();

                load.get(2, TimeUnit.MINUTES);
                sent.addAll(toggled);
                read(results, answered, sent.size());
                assertTrue(atKill < sent.size(), "the kill came while commands flowed: " + atKill);
                assertEquals(new HashSet<>(sent), answered, "every command answered");
                SinkHarness.assertTablesEqualTopics(pg);
                assertEquals(Set.of(), writesNotCommitted(pg), "rows ever written that no committed event holds");
            } finally {
                connect.stop();
                connect.awaitStop();
                worker.close();
            }
        }
    }

    /**
     * A trigger of the test's own keeps every version of every row the audit connector ever wrote,
     * so that a row of an aborted transaction shows even if a committed one overwrote it later.
     */
    private static void recordEveryWrite(EmbeddedPostgres pg) throws Exception {
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement()) {
            st.execute("CREATE TABLE audit_writes (event_id text, occurred_at timestamptz);"
                    + "CREATE FUNCTION keep_write() RETURNS trigger AS $$ BEGIN"
                    + " INSERT INTO audit_writes VALUES (NEW.event_id, NEW.occurred_at); RETURN NEW; END $$ LANGUAGE plpgsql;"
                    + "CREATE TRIGGER keep_writes AFTER INSERT OR UPDATE ON statusflow_events"
                    + " FOR EACH ROW EXECUTE FUNCTION keep_write();");
        }
    }

    /** Every (event id, time) ever written, less those of committed events. */
    private static Set<String> writesNotCommitted(EmbeddedPostgres pg) throws Exception {
        Set<String> written = new HashSet<>();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("select event_id, occurred_at from audit_writes")) {
            while (rs.next()) {
                written.add(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant());
            }
        }
        try (KafkaConsumer<String, String> events = committedReader(TOPICS.events())) {
            Instant quiet = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(quiet)) {
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    JsonNode e = Json.MAPPER.readTree(r.value());
                    written.remove(e.get("eventId").asText() + "@" + Instant.parse(e.get("occurredAt").asText()));
                    quiet = Instant.now().plusSeconds(2);
                }
            }
        }
        return written;
    }

    private static void send(List<Cmd> commands, List<String> ids, int perSecond) {
        try (KafkaProducer<String, byte[]> p = producer("5")) {
            long start = System.nanoTime();
            for (int i = 0; i < commands.size(); i++) {
                Cmd c = commands.get(i);
                p.send(new ProducerRecord<>(TOPICS.commands().name(), c.tenantId(), c.bytes()));
                ids.add(c.commandId());
                long ahead = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
                if (ahead > 1_000_000) {
                    LockSupport.parkNanos(ahead); // pacing the load, not waiting for an outcome
                }
            }
            p.flush();
        }
    }

    private static void read(KafkaConsumer<String, String> results, Set<String> answered, int atLeast) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (answered.size() < atLeast) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + answered.size() + " of " + atLeast + " commands answered");
            }
            for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(200))) {
                answered.add(r.key());
            }
        }
    }
}
