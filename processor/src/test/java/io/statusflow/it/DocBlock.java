package io.statusflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced code block of the README or docs/, with the instruction for the test that runs the
 * documentation, when there is one: an HTML comment (unseen by readers) on the line just above
 * the fence, {@code <!-- docs test: KIND[: VALUE] -->}. Kinds:
 * <ul>
 *   <li>{@code not run: why}: the block cannot run here; the reason is required;</li>
 *   <li>{@code with: --option value}: the instance runs with these options for this block;</li>
 *   <li>{@code until stopped}: the block runs a service; it is stopped once its answers came;</li>
 *   <li>{@code needs: TOOL}: runs where TOOL is on the PATH, else is counted as not run.</li>
 * </ul>
 */
record DocBlock(Path file, int line, String lang, String text, Optional<Directive> directive) {

    /** The instruction above a block. */
    record Directive(String kind, String value) {}

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!-- docs test: ([a-z ]+?)(?:: (.*?))? -->\\s*$");

    /** Every fenced block of a Markdown file, in order, with its indentation removed. */
    static List<DocBlock> of(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<DocBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches() || open.group(2).isEmpty()) {
                continue;
            }
            int indent = open.group(1).length();
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                String l = lines.get(j);
                text.append(l, Math.min(indent, leading(l)), l.length()).append('\n');
                j++;
            }
            blocks.add(new DocBlock(file, i + 1, open.group(2), text.toString(), directive(lines, i)));
            i = j;
        }
        return blocks;
    }

    boolean isShell() {
        return lang.equals("bash");
    }

    boolean is(String kind) {
        return directive.map(d -> d.kind().equals(kind)).orElse(false);
    }

    String value() {
        return directive.map(Directive::value).orElse("");
    }

    @Override
    public String toString() {
        return file.getFileName() + ":" + line;
    }

    private static Optional<Directive> directive(List<String> lines, int fence) {
        int k = fence - 1;
        while (k >= 0 && lines.get(k).isBlank()) {
            k--;
        }
        if (k < 0) {
            return Optional.empty();
        }
        Matcher m = DIRECTIVE.matcher(lines.get(k));
        return m.matches() ? Optional.of(new Directive(m.group(1), m.group(2) == null ? "" : m.group(2).strip())) : Optional.empty();
    }

    private static int leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
