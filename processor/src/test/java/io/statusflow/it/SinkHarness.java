package io.statusflow.it;

import io.statusflow.testkit.ConnectSink;
import io.statusflow.topology.Topic;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * What the sink tests share beyond {@link ConnectSink}: the comparison of the tables with the
 * committed topics.
 */
final class SinkHarness {

    static final Duration WAIT = Duration.ofSeconds(90);

    private SinkHarness() {}

    /** Both shipped connectors, on statusflow's default topics. */
    static void putConnectors(Connect connect, Path credentials) throws Exception {
        for (String file : ConnectSink.CONNECTORS) {
            ConnectSink.putConnector(connect, file, credentials, null);
        }
    }

    /** Waits until both tables equal what the committed topics say. */
    static void assertTablesEqualTopics(EmbeddedPostgres pg) throws Exception {
        Map<String, JsonNode> current = compacted(TOPICS.current());
        Map<String, List<String>> events = eventVersions();
        awaitEqual(() -> currentTable(pg), expectedRows(current), "statusflow_current");
        awaitEqual(() -> auditVersions(pg), events, "statusflow_events");
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from statusflow_events")) {
            rs.next();
            assertEquals(events.values().stream().mapToInt(List::size).sum(), rs.getInt(1), "one row per event");
        }
    }

    /** A Connect worker on the test broker. */
    static Connect startConnect() {
        return ConnectSink.startConnect(OwnBroker.broker.bootstrapServers(), "statusflow-sink-it");
    }

    /** The last value of every key of a topic (null for a tombstone), read committed, to its end. */
    static Map<String, JsonNode> compacted(Topic<String, byte[]> topic) throws Exception {
        Map<String, JsonNode> last = new TreeMap<>();
        try (KafkaConsumer<String, String> c = OwnBroker.committedReader(topic)) {
            Instant quiet = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(quiet)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    last.put(r.key(), r.value() == null ? null : Json.MAPPER.readTree(r.value()));
                    quiet = Instant.now().plusSeconds(2);
                }
            }
        }
        return last;
    }

    /** Each entity's committed events as version@occurredAt: an aborted event's own time would show. */
    static Map<String, List<String>> eventVersions() throws Exception {
        Map<String, List<String>> versions = new TreeMap<>();
        try (KafkaConsumer<String, String> c = OwnBroker.committedReader(TOPICS.events())) {
            Instant quiet = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(quiet)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    JsonNode e = Json.MAPPER.readTree(r.value());
                    versions.computeIfAbsent(r.key(), k -> new ArrayList<>())
                            .add(e.get("version").asLong() + "@" + Instant.parse(e.get("occurredAt").asText()));
                    quiet = Instant.now().plusSeconds(2);
                }
            }
        }
        return versions;
    }

    /** The rows status.current says the table must hold: every live entity, every column as text. */
    static Map<String, Map<String, String>> expectedRows(Map<String, JsonNode> current) {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        current.forEach((key, v) -> {
            if (v == null) {
                return;
            }
            Map<String, String> row = new TreeMap<>();
            row.put("entity_key", v.get("entityKey").asText());
            row.put("tenant_id", v.get("tenantId").asText());
            row.put("type", v.get("type").asText());
            row.put("id", v.get("id").asText());
            row.put("identifier", text(v.get("identifier")));
            row.put("status", v.get("status").asText());
            row.put("access", v.get("access").asText());
            row.put("reason", text(v.get("reason")));
            row.put("disabled_by", text(v.get("disabledBy")));
            row.put("valid_until", instant(text(v.get("validUntil"))));
            row.put("version", v.get("version").asText());
            row.put("created_at", instant(v.get("createdAt").asText()));
            row.put("updated_at", instant(v.get("updatedAt").asText()));
            row.put("updated_by", text(v.get("updatedBy")));
            rows.put(key, row);
        });
        return rows;
    }

    static Map<String, Map<String, String>> currentTable(EmbeddedPostgres pg) throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("select * from statusflow_current")) {
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (String col : List.of("entity_key", "tenant_id", "type", "id", "identifier", "status", "access", "reason",
                        "disabled_by", "version", "updated_by")) {
                    row.put(col, rs.getString(col));
                }
                for (String col : List.of("valid_until", "created_at", "updated_at")) {
                    Timestamp t = rs.getTimestamp(col);
                    row.put(col, t == null ? null : t.toInstant().toString());
                }
                rows.put(rs.getString("entity_key"), row);
            }
        }
        return rows;
    }

    static Map<String, List<String>> auditVersions(EmbeddedPostgres pg) throws Exception {
        Map<String, List<String>> versions = new TreeMap<>();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("select entity_key, version, occurred_at from statusflow_events"
                        + " order by entity_key, version")) {
            while (rs.next()) {
                versions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getLong(2) + "@" + rs.getTimestamp(3).toInstant());
            }
        }
        return versions;
    }

    private interface Query<T> {
        T get() throws Exception;
    }

    /** Polls until the table reads as expected, or fails at the deadline with the difference. */
    static <T> void awaitEqual(Query<T> table, T expected, String name) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        T seen = table.get();
        while (!expected.equals(seen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250); // polling the database with a deadline
            seen = table.get();
        }
        assertEquals(expected, seen, name);
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static String instant(String iso) {
        return iso == null ? null : Instant.parse(iso).toString();
    }
}
