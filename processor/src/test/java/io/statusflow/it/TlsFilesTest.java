package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.http.Tls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API's certificate and key files, as operators hand them over. */
class TlsFilesTest {

    @Test
    void a_key_anyone_may_read_is_flagged_and_one_for_the_pods_group_is_not(@TempDir Path dir) throws Exception {
        TestCa.Issued issued = new TestCa("ca").issue("localhost");
        Path cert = issued.chainPem(dir.resolve("tls.crt"));
        Path key = issued.keyPem(dir.resolve("tls.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(Tls.read(cert, key).keyReadableByOthers());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--r-----"));
        assertFalse(Tls.read(cert, key).keyReadableByOthers());
    }

    @Test
    void files_that_are_not_a_pem_chain_and_its_key_are_refused_with_why(@TempDir Path dir) throws Exception {
        TestCa.Issued issued = new TestCa("ca").issue("localhost");
        Path cert = issued.chainPem(dir.resolve("tls.crt"));
        Path key = issued.keyPem(dir.resolve("tls.key"));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n");
        assertThrows(Tls.Invalid.class, () -> Tls.read(empty, key));
        assertThrows(Tls.Invalid.class, () -> Tls.read(key, key));
        assertThrows(Tls.Invalid.class, () -> Tls.read(cert, garbage));
        assertThrows(Tls.Invalid.class, () -> Tls.read(cert, empty));
        assertThrows(Tls.Invalid.class, () -> Tls.read(cert, cert));
    }
}
