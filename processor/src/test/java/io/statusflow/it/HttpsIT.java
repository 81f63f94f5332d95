package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.auth.Tokens;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * --http-tls-cert and --http-tls-key: the API and the management port over HTTPS, checked by a
 * real TLS client against the test CA, and reads forwarded between two instances over HTTPS.
 */
class HttpsIT extends OwnBroker {

    private static final String PLATFORM = "Bearer " + Tokens.hs256(
            Tokens.claims("provisioner", "service", List.of("platform-admin")).build());

    @Test
    void the_api_and_management_port_serve_https_and_instances_forward_reads_over_it() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-https");
        TestCa ca = new TestCa("statusflow-https-ca");
        TestCa.Issued server = ca.issue("localhost");
        Path cert = server.chainPem(dir.resolve("tls.crt"));
        Path key = server.keyPem(dir.resolve("tls.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        HttpClient trusting = client(ca);
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            int[] http = {Ports.freePair(), Ports.freePair()};
            int management = Ports.freePair();
            for (int i = 0; i < 2; i++) {
                workers.add(WorkerProcess.start(dir.resolve("w" + i), "--bootstrap-servers", broker.bootstrapServers(),
                        "--state-dir", dir.resolve("state-" + i).toString(), "--partitions", "3", "--replication-factor", "1",
                        "--application-id", "statusflow-https", "--jwt-secret", Tokens.SECRET, "--no-ssf",
                        "--http-port", Integer.toString(http[i]), "--http-tls-cert", cert.toString(), "--http-tls-key",
                        key.toString(), "--management-port", Integer.toString(i == 0 ? management : 0)));
            }
            workers.forEach(WorkerProcess::awaitReady);
            assertTrue(workers.get(0).output().contains("HTTP API listening on port " + http[0] + " (https)"));
            assertTrue(!workers.get(0).output().contains("may be read by"), "a 0600 key gives no warning");

            HttpResponse<String> live = trusting.send(get("https://localhost:" + management + "/health/live"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                    get("https://localhost:" + http[0] + "/health/live"), HttpResponse.BodyHandlers.ofString()),
                    "a client that does not trust the CA is refused");
            assertThrows(IOException.class, () -> trusting.send(get("https://127.0.0.2:" + http[0] + "/health/live"),
                    HttpResponse.BodyHandlers.ofString()), "a name the certificate does not hold is refused");
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(get("http://localhost:" + http[0]
                    + "/health/live"), HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no answer of the API");

            List<String> tenants = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String t = "tls-" + i;
                tenants.add(t);
                HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + http[0]
                        + "/v1/commands")).header("Authorization", PLATFORM).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + t + "\",\"target\":{\"type\":\"tenant\","
                                + "\"id\":\"" + t + "\"},\"action\":\"register\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
            // Each instance owns some partitions: a read of the others' tenants is forwarded, over HTTPS.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (int port : http) {
                    for (String t : tenants) {
                        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                                + "/v1/tenants/" + t + "/tenant/" + t)).header("Authorization", PLATFORM).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, r.statusCode(), port + " " + t + " " + r.body());
                    }
                }
            });
            for (WorkerProcess w : workers) {
                assertEquals(0, w.terminate(), w.output());
            }
        } finally {
            workers.forEach(WorkerProcess::close);
        }
    }

    @Test
    void a_key_that_is_not_the_certificates_or_not_pkcs8_is_exit_2_before_anything_starts() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-https-bad");
        TestCa ca = new TestCa("ca");
        Path cert = ca.issue("localhost").chainPem(dir.resolve("tls.crt"));
        Path otherKey = ca.issue("other").keyPem(dir.resolve("other.key"));
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        String[][] cases = {
            {otherKey.toString(), "does not hold the private key of the first certificate"},
            {rsaKey.toString(), "openssl pkcs8 -topk8 -nocrypt"},
            {dir.resolve("missing.key").toString(), "cannot read key file"},
        };
        for (String[] c : cases) {
            try (WorkerProcess w = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(),
                    "--http-tls-cert", cert.toString(), "--http-tls-key", c[0])) {
                assertEquals(java.util.Optional.of(2), w.awaitExit(Duration.ofSeconds(30)), w.output());
                assertTrue(w.output().contains("statusflow: invalid value for --http-tls-key: ") && w.output().contains(c[1]),
                        w.output());
            }
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }

    private static HttpClient client(TestCa ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
