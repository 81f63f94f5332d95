package io.statusflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.statusflow.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Keycloak started in dev mode with the ssf feature, on free ports, its output in a log file. */
final class KeycloakServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String base;
    private final Process process;

    private KeycloakServer(String base, Process process) {
        this.base = base;
        this.process = process;
    }

    static KeycloakServer start(Path home, Path java, boolean tuned, Path log) throws Exception {
        int port = Ports.freePair();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--features=ssf",
                "--http-port=" + port, "--http-management-port=" + (port + 1),
                "--spi-ssf-transmitter--default--allow-insecure-push-targets=true"));
        if (tuned) {
            cmd.add("--spi-ssf-transmitter--default--outbox-drainer-interval=1s");
            cmd.add("--spi-ssf-transmitter--default--outbox-drainer-batch-size=1000");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", java.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-bench");
        KeycloakServer s = new KeycloakServer("http://127.0.0.1:" + port, pb.start());
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + s.process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(s.base + "/realms/master")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return s;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        s.close();
        throw new IllegalStateException("Keycloak did not start within five minutes; see " + log);
    }

    String adminToken(HttpClient http) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode("admin-bench", StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                + "/realms/master/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    @Override
    public void close() throws InterruptedException {
        // Its own JVM is a child of the script: stop both.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
