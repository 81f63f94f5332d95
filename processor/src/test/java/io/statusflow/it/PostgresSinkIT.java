package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import io.statusflow.testkit.ConnectSink;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.Test;

/**
 * The shipped connector configurations of deploy/connect on a real Kafka Connect worker, with
 * Debezium's JDBC sink installed from its plugin bundle, into a real PostgreSQL whose tables are
 * made by the shipped DDL: after commands that register, change and delete entities in two
 * tenants, the current table equals the compacted status.current, column for column, and the
 * audit table holds every event once.
 */
class PostgresSinkIT extends OwnBroker {


    @Test
    void the_tables_equal_the_topics_after_registers_changes_and_deletes_in_two_tenants() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-sink");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
                WorkerProcess worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                        dir.resolve("state").toString(), "--partitions", "2", "--replication-factor", "1", "--no-http").awaitReady()) {
            Path credentials = ConnectSink.prepare(pg, dir);
            Connect connect = SinkHarness.startConnect();
            try {
                SinkHarness.putConnectors(connect, credentials);
                List<Cmd> commands = commands();
                try (Clients clients = new Clients(broker.bootstrapServers());
                        Clients.Reader results = clients.reader(TOPICS.results())) {
                    for (Cmd c : commands) {
                        clients.send(c);
                    }
                    Cmd last = commands.get(commands.size() - 1);
                    results.awaitCount(r -> r.path("commandId").asText().equals(last.commandId()), 1, SinkHarness.WAIT);
                }
                assertTrue(SinkHarness.compacted(TOPICS.current()).values().stream().anyMatch(v -> v == null),
                        "a deleted entity is a tombstone");
                SinkHarness.assertTablesEqualTopics(pg);
            } finally {
                connect.stop();
                connect.awaitStop();
            }
            worker.terminate();
        }
    }

    /** Two tenants: members registered, changed, one user marked for deletion and deleted, one client deleted. */
    private static List<Cmd> commands() {
        List<Cmd> out = new ArrayList<>();
        for (String t : List.of("sink-a", "sink-b")) {
            out.add(Cmd.tenant(t, "register").validUntil("2099-01-01T00:00:00Z").by(Actors.PLATFORM));
            out.add(Cmd.user(t, "u1", "register").status("active").identifier("u1@" + t).by(Actors.PLATFORM));
            out.add(Cmd.user(t, "u2", "register").status("active").by(Actors.PLATFORM));
            out.add(Cmd.client(t, "c1", "register").status("active").by(Actors.PLATFORM));
            out.add(Cmd.user(t, "u1", "suspend").reason("review 'quoted', ünïcode").by(Actors.SERVICE_ADMIN));
            out.add(Cmd.user(t, "u2", "set-status").status("risky").by(Actors.SERVICE_ADMIN));
            out.add(Cmd.user(t, "u2", "mark-pending-delete").by(Actors.SYNC));
            out.add(Cmd.user(t, "u2", "delete").by(Actors.SYNC));
            out.add(Cmd.client(t, "c1", "deactivate").by(Actors.SYNC));
        }
        out.add(Cmd.tenant("sink-b", "deactivate").by(Actors.PLATFORM));
        out.add(Cmd.client("sink-a", "c1", "delete").by(Actors.PLATFORM));
        return out;
    }

}
