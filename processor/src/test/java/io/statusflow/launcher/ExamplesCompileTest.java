package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example programs under deploy/examples compile against the libraries statusflow ships (DocsInOrderIT runs them). */
class ExamplesCompileTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DeactivateClient", "AccessFilter", "VerifySet"})
    void each_example_compiles(String example, @TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path source = Path.of("../deploy/examples/" + example + ".java");
        int rc = javac.run(null, null, err, "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertEquals(0, rc, err.toString());
        assertEquals(true, Files.exists(out.resolve(example + ".class")));
    }
}
