package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's HTTP walkthrough, taken from the README text itself and run with bash and curl
 * against the jar in try-it mode, with the token it prints: every call answers as documented,
 * with no error, in the order a newcomer runs them.
 */
class ReadmeWalkthroughIT {

    private static final Path README = Path.of("../README.md");

    @Test
    void the_readmes_http_examples_answer_without_an_error_on_a_fresh_instance() throws Exception {
        String readme = Files.readString(README);
        String script = block(readme, "TOKEN=...   # printed at start\n") + block(readme, "```bash\nH=\"Authorization: Bearer $TOKEN\"");
        Path dir = Files.createTempDirectory("statusflow-readme");
        int http = Ports.freePair();
        script = script.replace("localhost:8080", "localhost:" + http);
        // One response a line: curl's own output has no newline at its end.
        Files.writeString(dir.resolve("walk.sh"), "curl() { command curl -w '\\n' \"$@\"; }\n" + script);
        try (WorkerProcess worker = WorkerProcess.start(dir, "--embedded-port", Integer.toString(Ports.freePair()),
                "--embedded-dir", dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(http)).awaitReady()) {
            Matcher token = Pattern.compile("TOKEN=(\\S+)").matcher(worker.output());
            assertTrue(token.find(), worker.output());
            ProcessBuilder bash = new ProcessBuilder("bash", dir.resolve("walk.sh").toString()).redirectErrorStream(true);
            bash.environment().put("TOKEN", token.group(1));
            Process p = bash.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the walkthrough ends");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<JsonNode> answers = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    answers.add(Json.MAPPER.readTree(line));
                }
            }
            assertEquals(18, answers.size(), out);
            for (JsonNode a : answers) {
                assertTrue(!a.has("error") || a.get("error").isNull(), "an error in the walkthrough: " + a);
                assertTrue(!a.has("code") || a.get("code").asInt() == 200, "a command not applied: " + a);
            }
            assertEquals(0, worker.terminate());
        }
    }

    /** The lines of the fenced block that starts at {@code start} (that line excluded when it is a comment line). */
    private static String block(String readme, String start) {
        int from = readme.indexOf(start);
        assertTrue(from >= 0, "the README has " + start);
        from = start.startsWith("```") ? from + "```bash\n".length() : from + start.length();
        int to = readme.indexOf("```", from);
        return readme.substring(from, to);
    }
}
