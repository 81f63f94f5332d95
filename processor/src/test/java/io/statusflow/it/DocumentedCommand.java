package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command or script of the README or docs/, run with bash from the repository's root as a
 * reader runs it, with this JVM's java first on the PATH.
 */
final class DocumentedCommand {

    /** How it ended: its exit code and everything it printed. */
    record Ran(int exit, String output) {}

    private DocumentedCommand() {}

    static Ran run(String script, Map<String, String> env, Duration timeout) throws Exception {
        String java = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(Path.of("..").toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", java + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "ends within " + timeout + ": " + script);
        return new Ran(p.exitValue(), out);
    }
}
