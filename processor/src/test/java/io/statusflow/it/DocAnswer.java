package io.statusflow.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An answer written under a command of the README or docs/: a line {@code # -> EXPECTED}, continued
 * on lines that start with {@code #} and four spaces. EXPECTED is
 * <ul>
 *   <li>a JSON object: a line of output is JSON with these fields and values (others may follow;
 *       an empty object or array stands for an empty one);</li>
 *   <li>a word, then a JSON object: a line starts with that word (a record key), then such JSON;</li>
 *   <li>otherwise, or when it has {@code ...}, text in which {@code ...} stands for anything: a
 *       whole line of output.</li>
 * </ul>
 */
record DocAnswer(String expected) {

    static final String MARK = "# -> ";
    private static final String MORE = "#    ";

    /** The answers of a script, in groups: the lines of each group follow one another in the script. */
    static List<List<DocAnswer>> groups(String script) {
        List<List<DocAnswer>> groups = new ArrayList<>();
        List<DocAnswer> current = null;
        String[] lines = script.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith(MARK)) {
                StringBuilder e = new StringBuilder(l.substring(MARK.length()).strip());
                while (i + 1 < lines.length && lines[i + 1].strip().startsWith(MORE) && !lines[i + 1].strip().startsWith(MARK)) {
                    e.append(' ').append(lines[++i].strip().substring(1).strip());
                }
                if (current == null) {
                    current = new ArrayList<>();
                    groups.add(current);
                }
                current.add(new DocAnswer(e.toString()));
            } else {
                current = null;
            }
        }
        return groups;
    }

    /** Whether each answer of the group is on a line of the output, in order. Empty when so; else what is missing. */
    static Optional<String> check(List<DocAnswer> group, List<String> output) {
        int at = 0;
        for (DocAnswer a : group) {
            while (at < output.size() && !a.matches(output.get(at))) {
                at++;
            }
            if (at == output.size()) {
                return Optional.of("no line is " + a.expected() + " in " + output);
            }
            at++;
        }
        return Optional.empty();
    }

    boolean matches(String line) {
        String out = line.strip();
        int brace = expected.contains("...") ? -1 : expected.indexOf('{');
        Optional<JsonNode> json = brace < 0 ? Optional.empty() : parse(expected.substring(brace));
        if (json.isPresent()) {
            String key = expected.substring(0, brace).strip();
            if (!key.isEmpty() && (key.contains(" ") || !out.startsWith(key + " ") && !out.startsWith(key + "\t"))) {
                return false;
            }
            return parse(out.substring(key.length()).strip()).map(actual -> contains(actual, json.get())).orElse(false);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split("\\.\\.\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return out.matches(regex.toString());
    }

    /** Whether every field of {@code expected}, recursively, has the same value in {@code actual}. */
    static boolean contains(JsonNode actual, JsonNode expected) {
        if (!expected.isObject() || expected.isEmpty()) {
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

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && (node.isObject() || node.isArray()) ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
