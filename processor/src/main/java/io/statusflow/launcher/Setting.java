package io.statusflow.launcher;

import io.statusflow.domain.Rules;
import io.statusflow.auth.JwtSettings;
import io.statusflow.ssf.OutboxSettings;
import io.statusflow.topology.Topics;
import io.statusflow.topology.WorkerSettings;
import java.util.Locale;

/**
 * Every setting of the launcher, in one table: its flag, its environment variable, its key in a
 * properties file and its default. Keys without the {@code statusflow.} prefix are Kafka's own.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap-servers", "bootstrap.servers", null,
            "Kafka cluster to run against (HOST:PORT,...). Without it, an embedded single-node broker is started."),
    APPLICATION_ID("application-id", "application.id", "statusflow",
            "Kafka Streams application id: consumer group, and prefix of internal topics."),
    STATE_DIR("state-dir", "state.dir", "statusflow-data/state", "Directory of the RocksDB state stores."),
    PROCESSING_GUARANTEE("processing-guarantee", "processing.guarantee", "exactly_once_v2",
            "exactly_once_v2 (default) or at_least_once."),
    PARTITIONS("partitions", "statusflow.topics.partitions", "6",
            "Partitions of the topics statusflow creates when they are missing."),
    REPLICATION_FACTOR("replication-factor", "statusflow.topics.replication-factor", "-1",
            "Replication factor of created topics; -1 takes the broker's default."),
    COMMANDS_TOPIC("commands-topic", "statusflow.topic.commands", Topics.COMMANDS, "Command topic (input)."),
    RESULTS_TOPIC("results-topic", "statusflow.topic.results", Topics.RESULTS, "Result topic."),
    EVENTS_TOPIC("events-topic", "statusflow.topic.events", Topics.EVENTS, "Event topic."),
    CURRENT_TOPIC("current-topic", "statusflow.topic.current", Topics.CURRENT, "Compacted current-status topic."),
    DLQ_TOPIC("dlq-topic", "statusflow.topic.dlq", Topics.DEAD_LETTERS, "Dead-letter topic of unreadable commands."),
    CURRENT_DELETE_RETENTION("current-delete-retention", "statusflow.topic.current.delete-retention", "7d",
            "How long the current-status topic keeps a tombstone after compaction: a sink down for longer may miss"
            + " deletes. Set when statusflow creates the topic."),
    REROUTED_TOPIC("rerouted-topic", "statusflow.topic.rerouted", Topics.REROUTED,
            "Internal topic that carries a command from a partition that does not own its tenant (a producer with"
            + " another partitioner) to the one that does; same partition count as the commands topic."),
    OUTPUT_PARTITIONING("output-partitioning", "statusflow.output.partitioning", "tenant",
            "tenant (default): each output record goes to the partition number of its command's partition, so every"
            + " output of a tenant is in its commands' partition; key: by the hash of the record key, as Kafka's"
            + " default partitioner does."),
    IDEMPOTENCY_WINDOW("idempotency-window", "statusflow.idempotency.window", Durations.format(WorkerSettings.DEFAULT_IDEMPOTENCY_WINDOW),
            "How long a commandId is remembered (e.g. 7d, 12h, 30m)."),
    RATE_LIMIT("rate-limit", "statusflow.rate-limit.per-minute", Integer.toString(Rules.DEFAULT_COMMANDS_PER_MINUTE),
            "Commands one actor may send per minute in one tenant."),
    RATE_LIMIT_EXEMPT("rate-limit-exempt", "statusflow.rate-limit.exempt", Rules.DEFAULT_EXEMPT,
            "Actor types the rate limit does not apply to (comma-separated; empty for none)."),
    MAX_COMMAND_BYTES("max-command-bytes", "statusflow.max-command-bytes", Integer.toString(WorkerSettings.DEFAULT_MAX_COMMAND_BYTES),
            "Larger command records go to the dead-letter topic (at most 262144)."),
    EXPIRY_SCAN_INTERVAL("expiry-scan-interval", "statusflow.expiry.scan-interval", Durations.format(WorkerSettings.DEFAULT_EXPIRY_SCAN_INTERVAL),
            "How often tenants whose subscription has ended are looked for."),
    CASCADE_CHUNK("cascade-chunk", "statusflow.cascade.chunk", Integer.toString(WorkerSettings.DEFAULT_CASCADE_CHUNK),
            "Members reconciled per step of a tenant cascade; smaller keeps other tenants' latency lower."),
    CASCADE_INTERVAL("cascade-interval", "statusflow.cascade.interval", Durations.format(WorkerSettings.DEFAULT_CASCADE_INTERVAL),
            "Pause between steps of a running tenant cascade."),
    ROCKSDB_MEMORY("rocksdb-memory-mb", "statusflow.rocksdb.memory-mb", "256",
            "Off-heap memory of all RocksDB stores together (block cache and write buffers), in MiB."),
    HTTP_PORT("http-port", "statusflow.http.port", "8080", "Port of the HTTP API; 0 picks a free one."),
    NO_HTTP("no-http", "statusflow.http.disabled", "false", "Turn the HTTP API off (a switch; env value true).", true),
    MANAGEMENT_PORT("management-port", "statusflow.management.port", null,
            "Port of a listener of its own for /health/live, /health/ready and /metrics, without a token, for probes and"
            + " scrapes; 0 picks a free one. Unset: none (they stay on the HTTP port, /metrics for platform admins)."),
    HTTP_TLS_CERT("http-tls-cert", "statusflow.http.tls-cert", null,
            "PEM certificate chain to serve the HTTP API and the management port over HTTPS (TLS 1.2+) with; reads and"
            + " polls forwarded between instances use HTTPS too. Needs --http-tls-key."),
    HTTP_TLS_KEY("http-tls-key", "statusflow.http.tls-key", null,
            "The certificate's private key, PKCS#8 PEM (BEGIN PRIVATE KEY), readable by statusflow's user only."),
    HTTP_TIMEOUT("http-timeout", "statusflow.http.timeout", "10s",
            "How long an HTTP command waits for its result before answering 504 with its commandId."),
    DEFAULT_TENANT("default-tenant", "statusflow.http.default-tenant", "default",
            "Tenant of the HTTP routes that have none in their path (seeds 001, 003, 004)."),
    COMMAND_AUTH("command-auth", "statusflow.command-auth", "trusted",
            "Who sent a command record: token (its authorization header's JWT, verified as the HTTP API verifies its"
            + " tokens) or trusted (the body's actor is believed: every producer that may write the commands topic acts"
            + " as any actor). See docs/security.md."),
    JWT_SECRET("jwt-secret", "statusflow.jwt.secret", null, "HS256 secret (at least 32 bytes) that signs bearer tokens."),
    JWT_JWKS("jwt-jwks", "statusflow.jwt.jwks", null, "JWKS file with the RS256/ES256 public keys of bearer tokens."),
    JWT_JWKS_URL("jwt-jwks-url", "statusflow.jwt.jwks-url", null,
            "The identity provider's JWKS URL (https; http only on loopback): RS256/ES256 keys fetched, cached 5m and"
            + " fetched again on a schedule and for an unknown kid (at most once a minute), so key rotations need no restart."),
    JWT_ISSUER("jwt-issuer", "statusflow.jwt.issuer", null, "Required iss claim, checked when set."),
    JWT_AUDIENCE("jwt-audience", "statusflow.jwt.audience", null, "Required aud claim, checked when set."),
    JWT_ROLES_CLAIM("jwt-roles-claim", "statusflow.jwt.roles-claim", JwtSettings.DEFAULT_ROLES_CLAIM, "Claim holding the caller's roles."),
    JWT_CLOCK_SKEW("jwt-clock-skew", "statusflow.jwt.clock-skew", Durations.format(JwtSettings.DEFAULT_CLOCK_SKEW),
            "How far a token's exp, nbf and iat may be off this worker's clock (at most 5m)."),
    JWT_ACTOR_TYPE_CLAIM("jwt-actor-type-claim", "statusflow.jwt.actor-type-claim", JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM,
            "Claim holding the caller's actor type (user, service, sync; default user)."),
    SSF_ISSUER("ssf-issuer", "statusflow.ssf.issuer", null,
            "Shared Signals: the public https origin receivers reach this transmitter at; turns SSF on (try-it mode:"
            + " http://localhost:<http-port>)."),
    NO_SSF("no-ssf", "statusflow.ssf.disabled", "false", "Turn Shared Signals off, in try-it mode too (a switch).", true),
    SSF_SIGNING_KEY("ssf-signing-key", "statusflow.ssf.signing-key", null,
            "Private JWK or JWK Set file that signs SETs: the first key signs, all are published (required with a cluster)."),
    SSF_SUBJECT_ISSUER("ssf-subject-issuer", "statusflow.ssf.subject-issuer", "{issuer}/tenants/{tenant}/{type}s",
            "The iss of user and client subjects ({issuer}, {tenant}, {type} are replaced)."),
    SSF_SHARE_REASONS("ssf-share-reasons", "statusflow.ssf.share-reasons", "true",
            "Whether commands' reasons go out in reason_admin (false: always a generic one)."),
    SSF_ALLOW_INSECURE_PUSH("ssf-allow-insecure-push", "statusflow.ssf.allow-insecure-push", "false",
            "Allow push endpoints over http and on loopback, private or link-local addresses (a switch; on in try-it mode).",
            true),
    SSF_MAX_STREAMS("ssf-max-streams", "statusflow.ssf.max-streams", "10", "Streams one receiver may have."),
    SSF_MAX_SUBJECTS("ssf-max-subjects", "statusflow.ssf.max-subjects", "10000",
            "Subjects a receiver may add to or remove from one stream (at most 100000)."),
    SSF_PUSH_CONCURRENCY("ssf-push-concurrency", "statusflow.ssf.push-concurrency", "8",
            "SETs of one push stream in flight at once, in order per subject (at most 256)."),
    SSF_MIN_VERIFICATION_INTERVAL("ssf-min-verification-interval", "statusflow.ssf.min-verification-interval", "10s",
            "Shortest time between two verifications of a stream."),
    SSF_PUSH_TIMEOUT("ssf-push-timeout", "statusflow.ssf.push-timeout", "10s", "How long a push waits for its answer."),
    SSF_PUSH_RETRY_MAX("ssf-push-retry-max", "statusflow.ssf.push-retry-max", "5m",
            "Longest wait before a failed push is tried again (the wait doubles from 1 s)."),
    SSF_POLL_WAIT("ssf-poll-wait", "statusflow.ssf.poll-wait", "15s", "How long a poll waits for a SET when none waits."),
    SSF_POLL_MAX_EVENTS("ssf-poll-max-events", "statusflow.ssf.poll-max-events", "1000", "Most SETs in one poll's answer."),
    SSF_OUTBOX_RETENTION("ssf-outbox-retention", "statusflow.ssf.outbox-retention", "7d",
            "How long an undelivered SET is kept; older ones are dropped and counted."),
    SSF_STREAMS_TOPIC("ssf-streams-topic", "statusflow.topic.ssf-streams", OutboxSettings.STREAMS,
            "Compacted topic of the Shared Signals streams."),
    SSF_OUTBOX_TOPIC("ssf-outbox-topic", "statusflow.topic.ssf-outbox", OutboxSettings.OUTBOX,
            "Topic of the SETs waiting for delivery, keyed by stream."),
    SSF_POSITIONS_TOPIC("ssf-positions-topic", "statusflow.topic.ssf-positions", OutboxSettings.POSITIONS,
            "Compacted topic of each stream's delivery position."),
    JWT_SCOPE_CLAIM("jwt-scope-claim", "statusflow.jwt.scope-claim", "scope",
            "Claim with the caller's space-separated scopes (Shared Signals rights count them with its roles)."),
    JWT_TENANT_CLAIM("jwt-tenant-claim", "statusflow.jwt.tenant-claim", "tenant_id",
            "Claim with the one tenant a Shared Signals receiver is limited to."),
    EMBEDDED_PORT("embedded-port", "statusflow.embedded.port", "9092",
            "Port of the embedded broker (its controller takes the next port)."),
    EMBEDDED_DIR("embedded-dir", "statusflow.embedded.dir", "statusflow-data/kafka",
            "Data directory of the embedded broker, kept between runs."),
    STARTUP_TIMEOUT("startup-timeout", "statusflow.startup-timeout", "30s",
            "How long to wait for the cluster at start before giving up.");

    private final String flag;
    private final String key;
    private final String defaultValue;
    private final String description;
    private final boolean isSwitch;

    Setting(String flag, String key, String defaultValue, String description) {
        this(flag, key, defaultValue, description, false);
    }

    Setting(String flag, String key, String defaultValue, String description, boolean isSwitch) {
        this.flag = flag;
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.isSwitch = isSwitch;
    }

    /** A flag without a value: given means true. */
    public boolean isSwitch() {
        return isSwitch;
    }

    public String option() {
        return "--" + flag;
    }

    public String env() {
        return "STATUSFLOW_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
