package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README, then each file of docs/ in name order, read top to bottom as a new user does: every
 * shell block runs, in document order, in one shell whose variables carry from block to block,
 * against one try-it instance, and every answer written under a command ({@code # -> ...}, see
 * {@link DocAnswer}) must come. A block that cannot run here says why in its
 * {@code <!-- docs test: not run: ... -->} line ({@link DocBlock}).
 *
 * <p>What a reader adapts is adapted here too, and nothing else: the token printed at start is
 * pasted where a block says {@code TOKEN=...}, Kafka's {@code bin/} scripts are the classes the
 * README names, and the instance listens on free ports instead of 8080 and 9092. The token is
 * the one printed at the first start, through every restart the blocks ask for.
 */
class DocsInOrderIT {

    private static final Path ROOT = Path.of("..");

    @Test
    void every_block_of_the_readme_and_docs_runs_in_order_on_one_instance_and_answers_as_written() throws Exception {
        List<DocBlock> blocks = new ArrayList<>(DocBlock.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                blocks.addAll(DocBlock.of(doc));
            }
        }
        Path dir = Files.createTempDirectory("statusflow-docs");
        List<String> notRun = new ArrayList<>();
        int ran = 0;
        int answers = 0;
        try (DocShell shell = new DocShell(ROOT, dir, Ports.freePair(), Ports.freePair())) {
            for (DocBlock block : blocks) {
                if (!block.isShell()) {
                    continue;
                }
                if (block.is("not run")) {
                    assertFalse(block.value().isBlank(), block + " says why it is not run");
                    notRun.add(block + ": " + block.value());
                    continue;
                }
                if (block.is("needs") && !shell.onPath(block.value())) {
                    notRun.add(block + ": " + block.value() + " is not installed");
                    continue;
                }
                shell.instance(block.is("with") ? block.value() : "");
                List<List<DocAnswer>> expected = shell.answers(block);
                List<List<String>> outputs = block.is("until stopped")
                        ? List.of(shell.runUntil(block, expected.isEmpty() ? List.of() : expected.get(0)))
                        : shell.run(block, expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    Optional<String> missing = DocAnswer.check(expected.get(i), outputs.get(i));
                    if (missing.isPresent()) {
                        fail(block + ", answer group " + (i + 1) + ": " + missing.get());
                    }
                    answers += expected.get(i).size();
                }
                ran++;
            }
            assertEquals(0, shell.stop(), "the last instance stops cleanly");
        }
        // The README's first block builds and starts the jar and runs the tests: the test does both itself.
        DocBlock first = blocks.get(0);
        assertTrue(first.is("not run") && first.text().contains("java -jar processor/target/" + WorkerProcess.JAR.getFileName()),
                first.text());
        assertTrue(ran >= 9 && answers >= 39, "ran " + ran + " blocks, checked " + answers + " answers; not run: " + notRun);
    }
}
