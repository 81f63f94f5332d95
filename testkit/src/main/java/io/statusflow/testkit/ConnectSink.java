package io.statusflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * The shipped Kafka Connect sinks of deploy/connect, run as an operator runs them: a distributed
 * Connect worker in this JVM with the plugin bundle unpacked into its plugin path, the shipped DDL
 * in a PostgreSQL, and the shipped connector files with only their credentials path replaced.
 */
public final class ConnectSink {

    public static final Path CONNECT = Path.of(System.getProperty("statusflow.connect.dir",
            Files.exists(Path.of("deploy/connect")) ? "deploy/connect" : "../deploy/connect"));
    public static final String CURRENT = "statusflow-current-postgres.json";
    public static final String AUDIT = "statusflow-events-audit-postgres.json";
    public static final List<String> CONNECTORS = List.of(CURRENT, AUDIT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectSink() {}

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
        JsonNode shipped = JSON.readTree(Files.readString(CONNECT.resolve(file)));
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
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("Connect refused " + file + ": " + r.statusCode() + " " + r.body());
        }
    }
}
