package io.statusflow.launcher;

import io.statusflow.topology.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Resolved settings: defaults, then a properties file, then environment, then flags. Every key of
 * the file that is not statusflow's own passes through to Kafka Streams and its clients.
 */
public final class Settings {

    public static final String CONFIG_ENV = "STATUSFLOW_CONFIG";

    private final Properties all;
    private final int partitions;
    private final short replicationFactor;
    private final int embeddedPort;
    private final Duration currentDeleteRetention;
    private final Duration startupTimeout;
    private final int httpPort;
    private final Optional<Integer> managementPort;
    private final long rocksDbMemoryBytes;
    private final Duration httpTimeout;
    private final Optional<io.statusflow.http.Tls> httpTls;
    private final io.statusflow.auth.JwtSettings jwt;
    private final CommandAuth commandAuth;
    private final WorkerOptions worker;
    private final Optional<io.statusflow.ssf.SsfOptions> ssf;

    /** Reads and checks every setting once: a bad one is a {@link UsageException} before anything starts. */
    private Settings(Properties all) throws UsageException {
        this.all = all;
        BootstrapServers.check(bootstrapServers());
        this.partitions = positive(Setting.PARTITIONS);
        this.replicationFactor = parseReplicationFactor();
        this.embeddedPort = port(Setting.EMBEDDED_PORT, 1, 65534);
        this.currentDeleteRetention = duration(Setting.CURRENT_DELETE_RETENTION);
        this.startupTimeout = duration(Setting.STARTUP_TIMEOUT);
        this.httpPort = port(Setting.HTTP_PORT, 0, 65535);
        this.managementPort = get(Setting.MANAGEMENT_PORT).isEmpty() ? Optional.empty()
                : Optional.of(port(Setting.MANAGEMENT_PORT, 0, 65535));
        this.rocksDbMemoryBytes = (long) positive(Setting.ROCKSDB_MEMORY) << 20;
        this.httpTimeout = duration(Setting.HTTP_TIMEOUT);
        this.httpTls = AuthOptions.httpTls(this::get);
        this.jwt = AuthOptions.jwt(this::get, duration(Setting.JWT_CLOCK_SKEW));
        this.commandAuth = AuthOptions.commandAuth(this::get, jwt, bootstrapServers().isPresent());
        this.worker = WorkerOptions.parse(this);
        this.ssf = SsfSettings.parse(this);
        checkTopicNames();
        checkProcessingGuarantee();
        checkKafkaSettings();
    }

    /**
     * @param flags values given on the command line
     * @param configFile the --config file, if any (flag first, then {@link #CONFIG_ENV})
     */
    public static Settings resolve(Map<Setting, String> flags, Optional<Path> configFile, Map<String, String> env)
            throws UsageException {
        Properties p = new Properties();
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) {
                p.setProperty(s.key(), s.defaultValue());
            }
        }
        if (configFile.isPresent()) {
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(configFile.get())) {
                file.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot read config file " + configFile.get() + ": " + e.getMessage());
            }
            Set<String> known = new java.util.HashSet<>();
            for (Setting s : Setting.values()) {
                known.add(s.key());
            }
            for (String k : new java.util.TreeSet<>(file.stringPropertyNames())) {
                if (k.startsWith("statusflow.") && !known.contains(k)) {
                    throw new UsageException("unknown setting '" + k + "' in " + configFile.get()
                            + " (--help lists statusflow's settings)");
                }
                p.setProperty(k, file.getProperty(k).strip());
            }
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null && !v.isBlank()) {
                p.setProperty(s.key(), v.strip());
            }
        }
        flags.forEach((s, v) -> p.setProperty(s.key(), v));
        return new Settings(p);
    }

    public Optional<String> get(Setting s) {
        return Optional.ofNullable(all.getProperty(s.key())).filter(v -> !v.isBlank());
    }

    String require(Setting s) {
        return get(s).orElseThrow();
    }

    public Optional<String> bootstrapServers() {
        return get(Setting.BOOTSTRAP_SERVERS);
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /** Where the try-it mode keeps its keys: the folder around the embedded broker's data. */
    public Path dataDir() {
        return Optional.ofNullable(Path.of(require(Setting.EMBEDDED_DIR)).getParent()).orElse(Path.of("."));
    }

    public int embeddedPort() {
        return embeddedPort;
    }

    public Duration currentDeleteRetention() {
        return currentDeleteRetention;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    public boolean httpEnabled() {
        return !Boolean.parseBoolean(get(Setting.NO_HTTP).orElse("false"));
    }

    public int httpPort() {
        return httpPort;
    }

    public Optional<Integer> managementPort() {
        return managementPort;
    }

    public long rocksDbMemoryBytes() {
        return rocksDbMemoryBytes;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    /** The HTTP API's own TLS, when it serves HTTPS. */
    public Optional<io.statusflow.http.Tls> httpTls() {
        return httpTls;
    }

    public io.statusflow.auth.JwtSettings jwt() {
        return jwt;
    }

    /** Who a command record says sent it: believed ({@code trusted}) or its verified token's ({@code token}). */
    public CommandAuth commandAuth() {
        return commandAuth;
    }

    /** What the operator set for the topology; {@link WorkerOptions#settings} adds what the cluster says. */
    public WorkerOptions worker() {
        return worker;
    }

    /**
     * Shared Signals, when on: with an issuer (checked here), or in the try-it mode (no cluster) with
     * HTTP, unless turned off.
     */
    public Optional<io.statusflow.ssf.SsfOptions> ssf() {
        return ssf;
    }

    /** Every topic, the worker's and Shared Signals', has a name of its own. */
    private void checkTopicNames() throws UsageException {
        java.util.List<String> names = new java.util.ArrayList<>(topics().names());
        ssf.ifPresent(o -> names.addAll(java.util.List.of(o.streamsTopic(), o.outboxTopic(), o.positionsTopic())));
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw new UsageException("every topic needs a name of its own: " + names);
        }
    }

    private short parseReplicationFactor() throws UsageException {
        int rf = integer(Setting.REPLICATION_FACTOR);
        if (rf == 0 || rf < -1 || rf > Short.MAX_VALUE) {
            throw new UsageException("invalid value for " + Setting.REPLICATION_FACTOR.option() + ": " + rf);
        }
        return (short) rf;
    }

    private int port(Setting s, int min, int max) throws UsageException {
        int port = integer(s);
        if (port < min || port > max) {
            throw new UsageException("invalid value for " + s.option() + ": " + port);
        }
        return port;
    }

    public Topics topics() {
        return Topics.named(require(Setting.COMMANDS_TOPIC), require(Setting.RESULTS_TOPIC),
                require(Setting.EVENTS_TOPIC), require(Setting.CURRENT_TOPIC), require(Setting.DLQ_TOPIC),
                require(Setting.REROUTED_TOPIC));
    }

    static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");

    private void checkProcessingGuarantee() throws UsageException {
        String v = require(Setting.PROCESSING_GUARANTEE);
        if (!GUARANTEES.contains(v)) {
            throw new UsageException("invalid value for " + Setting.PROCESSING_GUARANTEE.option() + ": '" + v
                    + "' is not exactly_once_v2 or at_least_once");
        }
    }

    /**
     * Kafka Streams' and its clients' settings from the config file, checked as Kafka Streams will
     * check them, before any broker starts or topic is made: a bad value is a bad option (exit 2).
     */
    private void checkKafkaSettings() throws UsageException {
        try {
            new org.apache.kafka.streams.StreamsConfig(streamsProperties(bootstrapServers().orElse("localhost:9092")));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new UsageException("invalid Kafka setting: " + e.getMessage());
        }
    }

    /** Everything for Kafka Streams and its clients: pass-through keys plus statusflow's Kafka settings. */
    public Properties streamsProperties(String bootstrapServers) {
        return KafkaProperties.streams(all, bootstrapServers);
    }

    int positive(Setting s) throws UsageException {
        int v = integer(s);
        if (v < 1) {
            throw new UsageException("invalid value for " + s.option() + ": " + v + " (must be at least 1)");
        }
        return v;
    }

    private int integer(Setting s) throws UsageException {
        String v = require(s);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value for " + s.option() + ": '" + v + "' is not a whole number");
        }
    }

    Duration duration(Setting s) throws UsageException {
        String v = require(s);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for " + s.option() + ": '" + v + "' is not a duration such as 7d, 12h, 30m, 10s or 500ms");
        }
    }
}
