package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The README and the example configuration cannot drift from the options. */
class DocumentationTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void readme_names_every_option_and_its_environment_variable() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.option() + "`"), s.option());
            if (!s.name().endsWith("_TOPIC") || s == Setting.COMMANDS_TOPIC) {
                assertTrue(readme.contains(s.env()), s.env());
            }
        }
    }

    @Test
    void example_properties_document_every_setting_with_its_default() throws Exception {
        Properties example = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("deploy/statusflow.properties"))) {
            example.load(r);
        }
        String text = Files.readString(ROOT.resolve("deploy/statusflow.properties"));
        for (Setting s : Setting.values()) {
            assertTrue(text.contains(s.key() + "="), s.key());
            assertTrue(text.contains(s.option()), s.option());
            if (s.defaultValue() != null) {
                assertEquals(s.defaultValue(), example.getProperty(s.key()), s.key());
            }
        }
    }

    @Test
    void help_and_the_readme_table_agree_both_ways_one_line_per_option() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Main.run(new String[] {"--help"}, java.util.Map.of(), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        java.util.List<String> help = out.toString(StandardCharsets.UTF_8).lines().toList();
        String readme = Files.readString(ROOT.resolve("README.md"));
        java.util.Map<String, String> rows = new java.util.HashMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `(--[a-z0-9-]+)` \\|([^|]*)\\|").matcher(readme);
        while (row.find()) {
            rows.put(row.group(1), row.group(2).strip().replace("`", ""));
        }
        assertTrue(rows.size() > 40, "the README's table was read: " + rows.size() + " rows");
        for (Setting s : Setting.values()) {
            java.util.List<String> lines = help.stream().filter(l -> l.startsWith("  " + s.option() + " ")).toList();
            assertEquals(1, lines.size(), s.option() + " has one line in --help");
            assertTrue(lines.get(0).contains("env " + s.env() + ", key " + s.key() + ")"), lines.get(0));
            if (rows.containsKey(s.option())) {
                assertEquals(s.env(), rows.get(s.option()), "the README's environment column of " + s.option());
            }
        }
        for (String flag : rows.keySet()) {
            assertTrue(help.stream().anyMatch(l -> l.startsWith("  " + flag + " ")), flag + " of the README is in --help");
        }
    }

    @Test
    void ci_runs_the_readme_test_command() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        String command = "mvn -q -B verify";
        assertTrue(readme.contains(command));
        assertTrue(ci.lines().anyMatch(l -> l.strip().startsWith(command)), ci);
    }
}
