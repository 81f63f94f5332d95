package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.schema.ActorType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options, their layering, and the launcher's one-line errors. */
class LauncherTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_lists_every_option_with_its_environment_variable() {
        assertEquals(0, run(Map.of(), "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (Setting s : Setting.values()) {
            assertTrue(help.contains(s.option()), s.option());
            assertTrue(help.contains(s.env()), s.env());
        }
        assertTrue(help.contains("--config"));
    }

    @Test
    void an_unknown_option_is_one_line_and_exit_2() {
        assertEquals(2, run(Map.of(), "--bogus"));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("statusflow: Unknown option: '--bogus'"), err());
    }

    @Test
    void a_likely_typo_gets_the_nearest_option_and_its_value_is_not_a_second_unknown() {
        assertEquals(2, run(Map.of(), "--bootstrap-server", "localhost:9092"));
        assertEquals("statusflow: Unknown option: '--bootstrap-server'; did you mean --bootstrap-servers? (see --help)",
                err().strip());
        err.reset();
        assertEquals(2, run(Map.of(), "--http-prot=8081"));
        assertEquals("statusflow: Unknown option: '--http-prot'; did you mean --http-port? (see --help)", err().strip());
        err.reset();
        assertEquals(2, run(Map.of(), "--completely-different", "x"));
        assertEquals("statusflow: Unknown option: '--completely-different' (see --help)", err().strip());
    }

    @Test
    void a_bad_value_is_one_line_and_exit_2() {
        assertEquals(2, run(Map.of(), "--partitions", "many", "--bootstrap-servers", "localhost:1"));
        assertEquals("statusflow: invalid value for --partitions: 'many' is not a whole number", err().strip());
    }

    @Test
    void a_bad_processing_guarantee_is_exit_2_before_any_broker_or_topic_exists(@TempDir Path dir) {
        Path kafka = dir.resolve("kafka");
        assertEquals(2, run(Map.of(), "--processing-guarantee", "maybe", "--embedded-dir", kafka.toString()));
        assertEquals("statusflow: invalid value for --processing-guarantee: 'maybe' is not exactly_once_v2 or at_least_once",
                err().strip());
        assertFalse(Files.exists(kafka), "no broker was started");
    }

    @Test
    void an_unknown_statusflow_key_or_a_bad_kafka_setting_in_the_config_file_is_exit_2(@TempDir Path dir) throws Exception {
        Path kafka = dir.resolve("kafka");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "statusflow.topics.partitons=3\n");
        assertEquals(2, run(Map.of(), "--config", file.toString(), "--embedded-dir", kafka.toString()));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("statusflow: unknown setting 'statusflow.topics.partitons' in "), err());
        err.reset();
        Files.writeString(file, "commit.interval.ms=soon\n");
        assertEquals(2, run(Map.of(), "--config", file.toString(), "--embedded-dir", kafka.toString()));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("statusflow: invalid Kafka setting: "), err());
        assertFalse(Files.exists(kafka), "no broker was started");
    }

    @Test
    void command_auth_is_token_or_trusted_and_token_needs_a_key_with_a_cluster() {
        assertEquals(2, run(Map.of(), "--command-auth", "maybe", "--bootstrap-servers", "localhost:1"));
        assertEquals("statusflow: invalid value for --command-auth: 'maybe' is not token or trusted", err().strip());
        err.reset();
        assertEquals(2, run(Map.of(), "--command-auth", "token", "--bootstrap-servers", "localhost:1"));
        assertEquals("statusflow: --command-auth token needs the keys that sign the tokens: --jwt-secret, --jwt-jwks or"
                + " --jwt-jwks-url", err().strip());
    }

    @Test
    void jwt_keys_come_from_one_place_and_are_checked_before_anything_starts() {
        String[][] cases = {
            {"--jwt-jwks-url", "http://idp.example.com/jwks", "must be https (http only for a loopback host)"},
            {"--jwt-jwks-url", "https:///jwks", "is not an absolute URL with a host"},
            {"--jwt-jwks-url", "https://user:pw@idp.example.com/jwks", "is not an absolute URL with a host"},
            {"--jwt-jwks-url", "ht tp://x", "is not a URL"},
            {"--jwt-secret", "short", "an HS256 secret needs at least 32 bytes"},
            {"--jwt-jwks", "/nonexistent/jwks.json", "is not a readable file"},
        };
        for (String[] c : cases) {
            err.reset();
            assertEquals(2, run(Map.of(), c[0], c[1], "--bootstrap-servers", "localhost:1"), c[1]);
            assertTrue(err().strip().startsWith("statusflow: invalid value for " + c[0]) && err().contains(c[2]), err());
            assertEquals(1, err().strip().lines().count(), err());
            assertFalse(err().contains("pw@"), "a password in the URL is never repeated: " + err());
        }
        err.reset();
        assertEquals(2, run(Map.of(), "--jwt-secret", "a-test-secret-of-at-least-32-bytes!!", "--jwt-jwks-url",
                "https://idp.example.com/jwks", "--bootstrap-servers", "localhost:1"));
        assertTrue(err().contains("choose one of --jwt-secret, --jwt-jwks and --jwt-jwks-url"), err());
    }

    @Test
    void a_command_size_limit_past_what_results_can_repeat_is_exit_2() {
        assertEquals(2, run(Map.of(), "--max-command-bytes", "262145", "--bootstrap-servers", "localhost:1"));
        assertEquals("statusflow: invalid value for --max-command-bytes: 262145 (at most 262144)", err().strip());
    }

    @Test
    void shared_signals_poll_bounds_are_exit_2() {
        assertSsfOptionRefused("--ssf-poll-wait", "6m", "statusflow: invalid value for --ssf-poll-wait: 6m (at most 5m)");
        assertSsfOptionRefused("--ssf-poll-max-events", "10001",
                "statusflow: invalid value for --ssf-poll-max-events: 10001 (at most 10000)");
    }

    @Test
    void shared_signals_subject_and_push_bounds_are_exit_2() {
        assertSsfOptionRefused("--ssf-max-subjects", "100001",
                "statusflow: invalid value for --ssf-max-subjects: 100001 (at most 100000)");
        assertSsfOptionRefused("--ssf-push-concurrency", "257",
                "statusflow: invalid value for --ssf-push-concurrency: 257 (at most 256)");
        assertEquals(2, run(Map.of(), concat(SSF, "--ssf-push-concurrency", "0")));
        assertTrue(err().contains("--ssf-push-concurrency"), err());
    }

    /** Shared Signals on, with a key file that need not exist: the bound is checked before the key is read. */
    private static final String[] SSF = {"--bootstrap-servers", "localhost:1", "--ssf-issuer", "https://sf.example",
        "--ssf-signing-key", "key.jwk"};

    private void assertSsfOptionRefused(String option, String value, String message) {
        err.reset();
        assertEquals(2, run(Map.of(), concat(SSF, option, value)));
        assertEquals(message, err().strip());
        err.reset();
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void two_roles_for_one_topic_are_exit_2_before_anything_starts() {
        // The reroute topic as the commands topic would send every misplaced command around for ever.
        assertEquals(2, run(Map.of(), "--rerouted-topic", io.statusflow.topology.Topics.COMMANDS, "--bootstrap-servers", "localhost:1"));
        assertTrue(err().startsWith("statusflow: every topic needs a name of its own"), err());
    }

    @Test
    void output_partitioning_is_tenant_unless_set_to_key() throws Exception {
        Settings defaults = Settings.resolve(Map.of(), Optional.empty(), Map.of());
        assertEquals(io.statusflow.topology.OutputPartitioning.TENANT, defaults.worker().outputPartitioning());
        Settings byKey = Settings.resolve(Map.of(Setting.OUTPUT_PARTITIONING, "key"), Optional.empty(), Map.of());
        assertEquals(io.statusflow.topology.OutputPartitioning.KEY, byKey.worker().outputPartitioning());
        assertEquals(2, run(Map.of(), "--output-partitioning", "random", "--bootstrap-servers", "localhost:1"));
        assertEquals("statusflow: invalid value for --output-partitioning: 'random' is not tenant or key", err().strip());
    }

    @Test
    void an_unreachable_cluster_is_one_line_and_exit_1() {
        assertEquals(1, run(Map.of(), "--bootstrap-servers", "127.0.0.1:1", "--startup-timeout", "2s"));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("statusflow: cannot reach Kafka at 127.0.0.1:1"), err());
        assertTrue(err().contains("--bootstrap-servers") && err().contains("--startup-timeout"), "names what to change: " + err());
    }

    @Test
    void bootstrap_servers_that_are_not_host_port_pairs_and_a_bad_signing_key_are_exit_2_before_anything_starts(
            @TempDir Path dir) throws Exception {
        for (String bad : List.of("localhost", "localhost:", ":9092", "localhost:99999", "a:1,,b:2", "http://x:9092")) {
            err.reset();
            assertEquals(2, run(Map.of(), "--bootstrap-servers", bad), bad);
            assertTrue(err().startsWith("statusflow: invalid value for --bootstrap-servers: '" + bad + "'"), err());
        }
        err.reset();
        Path kafka = dir.resolve("kafka");
        assertEquals(2, run(Map.of(), "--ssf-issuer", "http://localhost:8080", "--ssf-signing-key", "/nonexistent/key.jwk",
                "--embedded-dir", kafka.toString()));
        assertTrue(err().startsWith("statusflow: invalid value for --ssf-signing-key: "), err());
        assertFalse(Files.exists(kafka), "no broker directory was made");
    }

    @Test
    void flags_beat_environment_beat_file_beat_defaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("statusflow.properties");
        Files.writeString(file, String.join("\n",
                "statusflow.rate-limit.per-minute=10",
                "statusflow.topics.partitions=4",
                "statusflow.idempotency.window=2d",
                "application.id=from-file",
                "commit.interval.ms=250"));
        Map<String, String> env = Map.of("STATUSFLOW_PARTITIONS", "5", "STATUSFLOW_APPLICATION_ID", "from-env");
        Options.Parsed parsed = Options.parse(new String[] {"--config", file.toString(),
            "--application-id", "from-flag"}, env);
        Settings s = Settings.resolve(parsed.flags(), parsed.configFile(), env);

        assertEquals("from-flag", s.get(Setting.APPLICATION_ID).orElseThrow());
        assertEquals(5, s.partitions());
        assertEquals(10, s.worker().rules().commandsPerMinute());
        assertEquals(Duration.ofDays(2), s.worker().idempotencyWindow());
        assertEquals("exactly_once_v2", s.get(Setting.PROCESSING_GUARANTEE).orElseThrow());
        assertEquals(Set.of(ActorType.sync, ActorType.service), s.worker().rules().rateLimitExempt());
        var streams = s.streamsProperties("broker:9092");
        assertEquals("250", streams.getProperty("commit.interval.ms"), "unknown keys pass through to Kafka");
        assertEquals("broker:9092", streams.getProperty("bootstrap.servers"));
        assertEquals("from-flag", streams.getProperty("application.id"));
        assertTrue(streams.stringPropertyNames().stream().noneMatch(k -> k.startsWith("statusflow.")));
    }

    @Test
    void produced_records_linger_5_ms_unless_the_operator_says_otherwise(@TempDir Path dir) throws Exception {
        Settings defaults = Settings.resolve(Map.of(), Optional.empty(), Map.of());
        assertEquals("5", defaults.streamsProperties("b:9092").getProperty("producer.linger.ms"));

        Path file = dir.resolve("c.properties");
        Files.writeString(file, "linger.ms=50\n");
        var streams = Settings.resolve(Map.of(), Optional.of(file), Map.of()).streamsProperties("b:9092");
        assertEquals("50", streams.getProperty("linger.ms"));
        assertEquals(null, streams.getProperty("producer.linger.ms"), "the operator's linger.ms is not overridden");
    }

    @Test
    void commits_every_50_ms_under_exactly_once_unless_the_operator_says_otherwise(@TempDir Path dir) throws Exception {
        Settings defaults = Settings.resolve(Map.of(), Optional.empty(), Map.of());
        assertEquals("50", defaults.streamsProperties("b:9092").getProperty("commit.interval.ms"));

        Settings atLeastOnce = Settings.resolve(Map.of(Setting.PROCESSING_GUARANTEE, "at_least_once"), Optional.empty(), Map.of());
        assertEquals(null, atLeastOnce.streamsProperties("b:9092").getProperty("commit.interval.ms"),
                "at-least-once keeps Kafka Streams' own default: its events do not wait for commits");

        Path file = dir.resolve("c.properties");
        Files.writeString(file, "commit.interval.ms=100\n");
        assertEquals("100", Settings.resolve(Map.of(), Optional.of(file), Map.of()).streamsProperties("b:9092")
                .getProperty("commit.interval.ms"));
    }

    @Test
    void one_stream_thread_per_core_unless_the_operator_says_otherwise(@TempDir Path dir) throws Exception {
        Settings defaults = Settings.resolve(Map.of(), Optional.empty(), Map.of());
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()),
                defaults.streamsProperties("b:9092").getProperty("num.stream.threads"));

        Path file = dir.resolve("c.properties");
        Files.writeString(file, "num.stream.threads=3\n");
        assertEquals("3", Settings.resolve(Map.of(), Optional.of(file), Map.of()).streamsProperties("b:9092")
                .getProperty("num.stream.threads"));
    }

    @Test
    void config_file_may_come_from_the_environment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "statusflow.rate-limit.exempt=\n");
        Map<String, String> env = Map.of(Settings.CONFIG_ENV, file.toString());
        Options.Parsed parsed = Options.parse(new String[0], env);
        assertEquals(Optional.of(file), parsed.configFile());
        assertEquals(Set.of(), Settings.resolve(parsed.flags(), parsed.configFile(), env).worker().rules().rateLimitExempt());
    }

    @Test
    void durations_read_as_operators_write_them() {
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("PT30S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0s"));
    }
}
