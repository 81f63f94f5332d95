package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every bad setting through the jar, as an operator meets it: exit 2 in one line that names the
 * option, within seconds, and no embedded broker directory made; an unreachable cluster exit 1
 * naming what to change.
 */
class BadOptionsIT {

    private record Case(String option, String[] args) {}

    @Test
    void each_bad_setting_is_exit_2_in_one_line_before_anything_starts() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-bad-options");
        List<Case> cases = List.of(
                new Case("--jwt-secret", new String[] {"--jwt-secret", "short"}),
                new Case("--jwt-jwks", new String[] {"--jwt-jwks", "/nonexistent/jwks.json"}),
                new Case("--jwt-jwks-url", new String[] {"--jwt-jwks-url", "http://idp.example.com/jwks"}),
                new Case("--ssf-signing-key", new String[] {"--ssf-issuer", "http://localhost:8080", "--ssf-signing-key",
                    "/nonexistent/key.jwk"}),
                new Case("--bootstrap-servers", new String[] {"--bootstrap-servers", "localhost"}),
                new Case("--bootstrap-servers", new String[] {"--bootstrap-server", "localhost:9092"}),
                new Case("--command-auth", new String[] {"--command-auth", "maybe"}),
                new Case("--http-tls-key", new String[] {"--http-tls-cert", "/nonexistent/tls.crt"}));
        for (Case c : cases) {
            Path kafka = dir.resolve("kafka-" + cases.indexOf(c));
            List<String> args = new ArrayList<>(List.of(c.args()));
            args.addAll(List.of("--embedded-dir", kafka.toString(), "--embedded-port", Integer.toString(Ports.freePair())));
            Instant started = Instant.now();
            try (WorkerProcess w = WorkerProcess.start(dir, args.toArray(String[]::new))) {
                assertEquals(Optional.of(2), w.awaitExit(Duration.ofSeconds(30)), w.output());
                assertTrue(Duration.between(started, Instant.now()).toSeconds() < 15, "refused at once: " + c.option());
                List<String> lines = w.output().lines().filter(l -> !l.isBlank()).toList();
                assertEquals(1, lines.size(), "one line, nothing else: " + w.output());
                assertTrue(lines.get(0).startsWith("statusflow: ") && lines.get(0).contains(c.option()), lines.get(0));
                assertFalse(Files.exists(kafka), "no broker directory for " + c.option());
            }
        }
    }

    @Test
    void an_unreachable_cluster_is_exit_1_naming_the_options_to_change() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-unreachable");
        try (WorkerProcess w = WorkerProcess.start(dir, "--bootstrap-servers", "127.0.0.1:1", "--startup-timeout", "3s")) {
            assertEquals(Optional.of(1), w.awaitExit(Duration.ofSeconds(60)), w.output());
            List<String> lines = w.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
            assertEquals(1, lines.size(), w.output());
            assertTrue(lines.get(0).contains("--bootstrap-servers") && lines.get(0).contains("--startup-timeout"), lines.get(0));
        }
    }
}
