package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import io.statusflow.testkit.Ports;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "First five minutes" and the seed API examples of docs/http-api.md, taken from
 * their text and run with bash and curl against the jar in try-it mode, with the token it prints.
 * Each README call must answer with the fields documented under it ({@code # -> {...}}); each seed
 * example must answer without an error.
 */
class ReadmeWalkthroughIT {

    private static final Path README = Path.of("../README.md");
    private static final Path HTTP_API = Path.of("../docs/http-api.md");
    private static final String DOCUMENTED = "# -> ";

    @Test
    void the_documented_http_examples_answer_as_written_on_a_fresh_instance() throws Exception {
        String walkthrough = block(Files.readString(README), "TOKEN=...   # printed at start\n");
        String seeds = block(Files.readString(HTTP_API), "```bash\nH=\"Authorization: Bearer $TOKEN\"");
        String signals = block(Files.readString(README), "```bash\n# Shared Signals: a receiver's poll stream");
        List<JsonNode> documented = new ArrayList<>();
        for (String line : walkthrough.split("\n")) {
            if (line.startsWith(DOCUMENTED)) {
                documented.add(Json.MAPPER.readTree(line.substring(DOCUMENTED.length())));
            }
        }
        assertTrue(documented.size() >= 10, "the README documents its answers: " + documented.size());

        Path dir = Files.createTempDirectory("statusflow-readme");
        int http = Ports.freePair();
        try (WorkerProcess worker = WorkerProcess.start(dir, "--embedded-port", Integer.toString(Ports.freePair()),
                "--embedded-dir", dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(http)).awaitReady()) {
            Matcher token = Pattern.compile("TOKEN=(\\S+)").matcher(worker.output());
            assertTrue(token.find(), worker.output());
            assertTrue(worker.output().contains("\"First five minutes\""), "the start points at the walkthrough");

            List<JsonNode> answers = run(dir, "walk.sh", walkthrough, http, token.group(1));
            assertEquals(documented.size(), answers.size(), "one answer per documented call: " + answers);
            for (int i = 0; i < answers.size(); i++) {
                assertTrue(contains(answers.get(i), documented.get(i)),
                        "call " + (i + 1) + " answered " + answers.get(i) + ", the README says " + documented.get(i));
            }

            List<JsonNode> seedAnswers = run(dir, "seeds.sh", seeds, http, token.group(1));
            assertEquals(16, seedAnswers.size(), seedAnswers.toString());
            for (JsonNode a : seedAnswers) {
                assertTrue(!a.has("error") || a.get("error").isNull(), "an error in the seed examples: " + a);
                assertTrue(!a.has("code") || a.get("code").asInt() == 200, "a command not applied: " + a);
            }
            // The Shared Signals walkthrough: metadata, a command's result, the poll with its SET, the acknowledgement.
            List<JsonNode> ssf = run(dir, "signals.sh", signals, http, token.group(1));
            assertEquals(4, ssf.size(), ssf.toString());
            assertEquals("1_0", ssf.get(0).path("spec_version").asText());
            assertEquals(200, ssf.get(1).path("code").asInt(), ssf.get(1).toString());
            assertEquals(1, ssf.get(2).path("sets").size(), "one session-revoked SET: " + ssf.get(2));
            assertEquals(0, ssf.get(3).path("sets").size(), "acknowledged: " + ssf.get(3));
            assertEquals(false, ssf.get(3).path("moreAvailable").asBoolean(true), ssf.get(3).toString());
            assertEquals(0, worker.terminate());
        }
    }

    /** Runs a documented block with bash and curl; one JSON answer per line. */
    private static List<JsonNode> run(Path dir, String name, String script, int port, String token)
            throws IOException, InterruptedException {
        // One response a line: curl's own output has no newline at its end.
        Files.writeString(dir.resolve(name), "curl() { command curl -w '\\n' \"$@\"; }\n"
                + script.replace("localhost:8080", "localhost:" + port));
        ProcessBuilder bash = new ProcessBuilder("bash", dir.resolve(name).toString()).redirectErrorStream(true);
        bash.environment().put("TOKEN", token);
        Process p = bash.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                answers.add(Json.MAPPER.readTree(line));
            }
        }
        return answers;
    }

    /** Whether every field of {@code expected}, recursively, has the same value in {@code actual}. */
    static boolean contains(JsonNode actual, JsonNode expected) {
        if (!expected.isObject()) {
            return expected.equals(actual);
        }
        if (actual == null || !actual.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!contains(actual.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The lines of the fenced block that starts at {@code start} (that line excluded when it is a comment line). */
    private static String block(String text, String start) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "the document has " + start);
        from = start.startsWith("```") ? from + "```bash\n".length() : from + start.length();
        int to = text.indexOf("```", from);
        return text.substring(from, to);
    }
}
