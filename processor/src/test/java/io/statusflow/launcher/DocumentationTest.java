package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
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
    void ci_runs_the_readme_test_command() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        String command = "mvn -q -B verify";
        assertTrue(readme.contains(command));
        assertTrue(ci.lines().anyMatch(l -> l.strip().startsWith(command)), ci);
    }
}
