package io.statusflow.it;

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
 * What the sink tests share: a Kafka Connect worker in this JVM running the shipped connector
 * files of deploy/connect, the shipped DDL, and the comparison of the tables with the topics.
 */
public final class SinkHarness {

    static final Path CONNECT = Path.of(System.getProperty("statusflow.connect.dir",
            Files.exists(Path.of("deploy/connect")) ? "deploy/connect" : "../deploy/connect"));
    static final Duration WAIT = Duration.ofSeconds(90);
    public static final String CURRENT = "statusflow-current-postgres.json";
    public static final String AUDIT = "statusflow-events-audit-postgres.json";
    static final List<String> CONNECTORS = List.of(CURRENT, AUDIT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SinkHarness() {}

    /** The shipped tables, and the credentials file the connectors read (the only thing replaced in them). */
    public static Path prepare(EmbeddedPostgres pg, Path dir) throws Exception {
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement st = db.createStatement()) {
            st.execute(Files.readString(CONNECT.resolve("postgres.sql")));
        }
        Path credentials = dir.resolve("statusflow-db.properties");
        Files.writeString(credentials, "url=" + pg.getJdbcUrl("postgres", "postgres") + "&stringtype=unspecified\n"
                + "username=postgres\npassword=postgres\n");
        return credentials;
    }

    /** Both shipped connectors, on statusflow's default topics. */
    static void putConnectors(Connect connect, Path credentials) throws Exception {
        for (String file : CONNECTORS) {
            putConnector(connect, file, credentials, null);
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
        return startConnect(OwnBroker.broker.bootstrapServers(), "statusflow-sink-it");
    }

    /** A distributed Connect worker in this JVM, its group and storage topics named {@code group}. */
    public static Connect startConnect(String bootstrap, String group) {
        Map<String, String> props = new TreeMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", group);
        props.put("config.storage.topic", group + "-configs");
        props.put("offset.storage.topic", group + "-offsets");
        props.put("status.storage.topic", group + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("listeners", "http://localhost:0");
        props.put("plugin.path", System.getProperty("statusflow.connect.plugins",
                Files.exists(Path.of("processor/target/connect-plugins")) ? "processor/target/connect-plugins" : "target/connect-plugins"));
        props.put("plugin.discovery", "service_load");
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.put("offset.flush.interval.ms", "1000");
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("connector.client.config.override.policy", "All");
        return new ConnectDistributed().startConnect(props);
    }

    /**
     * The shipped connector, with the path of its credentials file pointed at this run's, and its
     * topic replaced when {@code topic} is not null (the benchmark names topics after its runs).
     */
    public static void putConnector(Connect connect, String file, Path credentials, String topic) throws Exception {
        String rest = connect.rest().serverUrl().toString();
        JsonNode shipped = Json.MAPPER.readTree(Files.readString(CONNECT.resolve(file)));
        ObjectNode config = (ObjectNode) shipped.get("config");
        if (topic != null) {
            config.put("topics", topic);
        }
        for (String k : List.of("connection.url", "connection.username", "connection.password")) {
            config.put(k, config.get(k).asText().replace("/etc/kafka-connect/statusflow-db.properties", credentials.toString()));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rest + "connectors/" + shipped.get("name").asText()
                + "/config")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(config.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
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
