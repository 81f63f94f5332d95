package io.statusflow.http;

import io.statusflow.auth.Tokens;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.schema.EntitySnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * 300 clients that announce a 1,000-byte body and send a byte every two seconds, two in three of them with
 * a valid token: the health check and a normal caller's commands keep answering within a second.
 */
class SlowClientsTest {

    private static final int SLOW = 300;
    private static final Duration LOAD = Duration.ofSeconds(10);

    @Test
    void three_hundred_slow_bodies_leave_health_and_other_callers_answering_within_a_second() throws Exception {
        Gateway answering = new Gateway() {
            @Override
            public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command, java.util.Optional<String> authorization) {
                return CompletableFuture.completedFuture(("{\"commandId\":\"" + commandId + "\",\"tenantId\":\"" + tenantId
                        + "\",\"code\":200,\"outcome\":\"applied\",\"message\":\"applied\",\"duplicate\":false,\"processedAt\":\"2026-11-22T10:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void forget(String tenantId, String commandId) { }
        };
        Snapshots none = new Snapshots() {
            @Override
            public Location locate(String tenantId) {
                return new Location.Here();
            }

            @Override
            public Optional<EntitySnapshot> local(String tenantId, String entityKey) {
                return Optional.empty();
            }
        };
        Authenticator auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), "roles", "actor_type", JwtSettings.DEFAULT_CLOCK_SKEW));
        String token = Tokens.platformAdmin();
        List<Socket> slow = new ArrayList<>();
        try (HttpApi api = new HttpApi(auth, answering, none, () -> true, Duration.ofSeconds(5), "default", () -> "", 65_536)
                .start("localhost", 0)) {
            for (int i = 0; i < SLOW; i++) {
                Socket s = new Socket("localhost", api.port());
                String auth1 = i % 3 != 0 ? "Authorization: Bearer " + token + "\r\n" : "";
                s.getOutputStream().write(("PATCH /users/u" + i + " HTTP/1.1\r\nHost: localhost\r\n" + auth1
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long worst = 0;
            int probes = 0;
            long end = System.nanoTime() + LOAD.toNanos();
            long nextByte = System.nanoTime();
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextByte) {
                    drip(slow);
                    nextByte = System.nanoTime() + 2_000_000_000L;
                }
                long t0 = System.nanoTime();
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port()
                        + "/health/ready")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> command = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port()
                        + "/v1/commands")).timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"acme\",\"action\":\"activate\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - t0) / 1_000_000;
                worst = Math.max(worst, took);
                assertEquals(200, ready.statusCode());
                assertEquals(200, command.statusCode(), command.body());
                probes++;
                Thread.sleep(100); // pacing the probes, not waiting for an outcome
            }
            assertTrue(probes >= 20, "probes: " + probes);
            assertTrue(worst < 1_000, "the slowest health check and command together took " + worst + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** One more byte from every slow client still connected. */
    private static void drip(List<Socket> slow) {
        for (Socket s : slow) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(' ');
                out.flush();
            } catch (IOException closedByTheServer) {
                // the server cut it off: what it should do
            }
        }
    }
}
