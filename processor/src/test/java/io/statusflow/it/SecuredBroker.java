package io.statusflow.it;

import io.statusflow.testkit.Ports;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real KRaft broker as a secured cluster runs one: clients connect over SASL_SSL (SCRAM-SHA-512
 * over TLS, with a certificate of a test CA), and the StandardAuthorizer allows nothing that no
 * ACL allows. Its SCRAM users are made when the storage is formatted. The controller listener is
 * plaintext on loopback, as the broker's own link to its controller; its principal (ANONYMOUS) is
 * a super user there, and no client under test connects to it.
 */
final class SecuredBroker implements AutoCloseable {

    static final String ADMIN = "admin";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final int port;
    private final Path trustStore;
    private final Map<String, String> passwords;

    private SecuredBroker(KafkaRaftServer server, int port, Path trustStore, Map<String, String> passwords) {
        this.server = server;
        this.port = port;
        this.trustStore = trustStore;
        this.passwords = passwords;
    }

    /** @param passwords SCRAM users by name; {@link #ADMIN} among them is the super user that sets up ACLs */
    static SecuredBroker start(Path dir, Map<String, String> passwords) throws Exception {
        Files.createDirectories(dir);
        TestCa ca = new TestCa("statusflow-test-ca");
        Path keyStore = ca.issue("localhost").keyStore(dir);
        Path trustStore = ca.trustStore(dir);
        int port = Ports.freePair();
        Path logs = dir.resolve("logs").toAbsolutePath();
        Files.createDirectories(logs);
        Properties p = io.statusflow.launcher.EmbeddedKafka.singleNode(logs, port);
        p.setProperty("listeners", "SASL_SSL://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1));
        p.setProperty("advertised.listeners", "SASL_SSL://localhost:" + port);
        p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "SASL_SSL");
        p.setProperty("sasl.enabled.mechanisms", SCRAM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", SCRAM);
        p.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, passwords.get(ADMIN)));
        p.setProperty("ssl.keystore.location", keyStore.toString());
        p.setProperty("ssl.keystore.password", TestCa.PASSWORD);
        p.setProperty("ssl.key.password", TestCa.PASSWORD);
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", trustStore.toString());
        p.setProperty("ssl.truststore.password", TestCa.PASSWORD);
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        Path config = dir.resolve("server.properties").toAbsolutePath();
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "secured test broker");
        }
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(p, false);
        List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        passwords.forEach((user, password) -> format.addAll(List.of("--add-scram",
                SCRAM + "=[name=" + user + ",password=" + password + "]")));
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            StorageTool.runFormatCommand(StorageTool.parseArguments(format.toArray(String[]::new)), kafkaConfig, quiet);
        }
        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        server.startup();
        return new SecuredBroker(server, port, trustStore, Map.copyOf(passwords));
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** What a client of this user needs, as it would go into statusflow's --config file. */
    Properties clientProps(String user) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", SCRAM);
        p.setProperty("sasl.jaas.config", jaas(user, passwords.get(user)));
        p.setProperty("ssl.truststore.location", trustStore.toString());
        p.setProperty("ssl.truststore.password", TestCa.PASSWORD);
        p.setProperty("ssl.truststore.type", "PKCS12");
        return p;
    }

    /** The same with the bootstrap servers, for a client built in the test. */
    Map<String, Object> client(String user) {
        Map<String, Object> m = new java.util.HashMap<>();
        clientProps(user).forEach((k, v) -> m.put((String) k, v));
        m.put("bootstrap.servers", bootstrapServers());
        return m;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
