package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.testkit.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reader's terminal beside a try-it instance: runs documented blocks with bash from the
 * repository's root, one after another, keeping the variables each block sets for the next, and
 * (re)starts the instance with the options a block asks for.
 */
final class DocShell implements AutoCloseable {

    private static final String MARKER = "@@docs-answer@@";
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(240);

    private final Path root;
    private final Path dir;
    private final int kafka;
    private final int http;
    private WorkerProcess worker;
    private String options;
    private String token;
    private int scripts;

    DocShell(Path root, Path dir, int kafka, int http) {
        this.root = root;
        this.dir = dir;
        this.kafka = kafka;
        this.http = http;
    }

    /** Makes sure the instance runs with exactly these extra options, restarting it on the same data if not. */
    void instance(String extra) throws InterruptedException {
        if (worker != null && extra.equals(options)) {
            return;
        }
        if (worker != null) {
            assertEquals(0, worker.terminate(), "a clean stop before starting with '" + extra + "'");
        }
        List<String> args = new ArrayList<>(List.of("--embedded-port", Integer.toString(kafka), "--embedded-dir",
                dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(http)));
        if (!extra.isBlank()) {
            args.addAll(Arrays.asList(extra.strip().split("\\s+")));
        }
        worker = WorkerProcess.start(dir, args.toArray(String[]::new)).awaitReady();
        options = extra;
        if (token == null) {
            Matcher m = Pattern.compile("TOKEN=(\\S+)").matcher(worker.output());
            assertTrue(m.find(), worker.output());
            token = m.group(1);
        }
    }

    boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    /** The answers written in a block, as this instance gives them (its ports). */
    List<List<DocAnswer>> answers(DocBlock block) {
        return DocAnswer.groups(adapt(block.text()));
    }

    /** Runs a block to its end, which must be exit 0; the output before each group of answers, one list per group. */
    List<List<String>> run(DocBlock block, int groups) throws Exception {
        Path out = dir.resolve("out-" + (++scripts) + ".txt");
        Process p = start(block, out);
        if (!p.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stopTree(p);
            throw new AssertionError(block + " did not end within " + BLOCK_TIMEOUT + ":\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), block + " ends with exit 0:\n" + output);
        List<List<String>> chunks = new ArrayList<>(List.of(new ArrayList<>()));
        for (String line : output.split("\n")) {
            if (line.equals(MARKER)) {
                chunks.add(new ArrayList<>());
            } else if (!line.isBlank()) {
                chunks.get(chunks.size() - 1).add(line);
            }
        }
        assertEquals(groups + 1, chunks.size(), block + ": one place per group of answers:\n" + output);
        return chunks.subList(0, groups);
    }

    /** Runs a block that does not end by itself until its answers have come (or a minute passed), then stops it. */
    List<String> runUntil(DocBlock block, List<DocAnswer> answers) throws Exception {
        Path out = dir.resolve("out-" + (++scripts) + ".txt");
        Process p = start(block, out);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline && p.isAlive()) {
            lines = Files.readAllLines(out);
            if (DocAnswer.check(answers, lines).isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        stopTree(p);
        return Files.readAllLines(out);
    }

    /** Stops the instance; its exit code. */
    int stop() throws InterruptedException {
        int exit = worker.terminate();
        worker = null;
        return exit;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }

    private Process start(DocBlock block, Path out) throws IOException {
        Path script = dir.resolve("block-" + scripts + ".sh");
        Files.writeString(script, prelude() + adapt(block.text()));
        String java = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().toString();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PATH", java + ":" + System.getenv("PATH"));
        return pb.start();
    }

    /** Stops on the first failing command; keeps the variables the blocks set, as one terminal would. */
    private String prelude() {
        Path state = dir.resolve("shell-variables.sh");
        return "set -eo pipefail\n"
                + "__base=\" $(compgen -v | tr '\\n' ' ') \"\n"
                + "__keep() { for __v in $(compgen -v); do case \"$__base\" in *\" $__v \"*) ;; *) [[ $__v == __* ]] || declare -p \"$__v\";; esac;"
                + " done > '" + state + ".new' && mv '" + state + ".new' '" + state + "'; }\n"
                + "trap __keep EXIT\n"
                + "if [ -f '" + state + "' ]; then source '" + state + "'; fi\n";
    }

    /** The block as a reader runs it here, with a marker printed where each group of answers is written. */
    private String adapt(String text) {
        StringBuilder script = new StringBuilder();
        boolean inGroup = false;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith(DocAnswer.MARK)) {
                if (!inGroup) {
                    script.append("printf '\\n%s\\n' '").append(MARKER).append("'\n");
                }
                inGroup = true;
            } else if (!(inGroup && l.startsWith("#    "))) {
                inGroup = false;
            }
            script.append(line.startsWith("TOKEN=...") ? "TOKEN='" + token + "'" + line.substring("TOKEN=...".length()) : line)
                    .append('\n');
        }
        return script.toString()
                .replace("localhost:8080", "localhost:" + http)
                .replace("localhost:9092", "localhost:" + kafka)
                .replace("bin/kafka-console-producer.sh", "java -cp \"$KT\" org.apache.kafka.tools.ConsoleProducer")
                .replace("bin/kafka-console-consumer.sh", "java -cp \"$KT\" org.apache.kafka.tools.consumer.ConsoleConsumer");
    }

    private static void stopTree(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
