package io.statusflow.it;

import io.statusflow.auth.Tokens;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant's stream through its life, on the jar, from its receiver's side: a subscription that
 * expires and is extended; the receiver's own pause, which holds SETs and then delivers them in
 * order, unannounced; a platform admin's pause, announced before the stream stops and again when
 * it starts; the receiver's own disable, which drops what waits; a long poll that waits in vain;
 * and the tenant's deletion, which disables the stream after the tenant's last SETs,
 * saying why.
 */
class SsfStreamLifecycleIT {

    private static final String T = "exp-corp";
    private final String ops = Tokens.platformAdmin();
    private final String receiver = Tokens.hs256(Tokens.claims("exp-app", "service", List.of())
            .claim("scope", "ssf.manage").claim("tenant_id", T).build());
    private SsfReceiver rx;
    private RSASSAVerifier verifier;
    private String stream;

    private void command(String target, String id, String action, String extra) throws Exception {
        rx.call(ops, "POST", "/v1/commands", "{\"tenantId\":\"" + T + "\",\"target\":{\"type\":\"" + target + "\",\"id\":\""
                + id + "\"},\"action\":\"" + action + "\"" + extra + "}", 200);
    }

    private void status(String token, String status, String reason) throws Exception {
        rx.call(token, "POST", "/ssf/status", "{\"stream_id\":\"" + stream + "\",\"status\":\"" + status + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}", 200);
    }

    /** The SETs waiting, once there are {@code n}, each checked; as "type subject" lines. */
    private Map<String, SignedJWT> waiting(int n) {
        Map<String, SignedJWT> sets = await().atMost(Duration.ofSeconds(30))
                .until(() -> rx.poll(receiver, stream, "{\"returnImmediately\":true}"), s -> s.size() >= n);
        assertEquals(n, sets.size(), () -> lines(sets).toString());
        sets.values().forEach(s -> {
            try {
                assertTrue(s.verify(verifier));
                assertEquals(List.of("exp-app"), s.getJWTClaimsSet().getAudience());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        return sets;
    }

    private static List<String> lines(Map<String, SignedJWT> sets) {
        List<String> out = new ArrayList<>();
        for (SignedJWT s : sets.values()) {
            Map<String, Object> p = SsfReceiver.payload(s);
            String type = SsfReceiver.type(s);
            out.add(type.substring(type.lastIndexOf('/') + 1) + " " + (type.equals(EventTypes.STREAM_UPDATED)
                    ? p.get("status") + " " + p.get("reason") : p.get("initiating_entity")));
        }
        return out;
    }

    /** How many of the stream's SETs were dropped, as its metrics say. */
    private long dropped(int managementPort) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + managementPort + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("statusflow_ssf_sets_total\\{outcome=\"dropped\",stream=\""
                + stream + "\"} ([0-9.]+)").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private void ack(Map<String, SignedJWT> sets) throws Exception {
        rx.call(receiver, "POST", "/ssf/poll/" + stream, "{\"maxEvents\":0,\"ack\":[\"" + String.join("\",\"", sets.keySet())
                + "\"]}", 200);
    }

    private void nothingFor(Duration d) {
        await().during(d).atMost(d.plusSeconds(5))
                .until(() -> rx.poll(receiver, stream, "{\"returnImmediately\":true}"), Map::isEmpty);
    }

    @Test
    void expiry_pauses_and_the_tenants_deletion_reach_its_receiver_in_order() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-ssf-life");
        int port = Ports.freePair();
        try (WorkerProcess worker = WorkerProcess.start(dir, "--embedded-port", Integer.toString(Ports.freePair()),
                "--embedded-dir", dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(port), "--management-port", Integer.toString(Ports.freePair()), "--jwt-secret", Tokens.SECRET, "--expiry-scan-interval", "1s",
                "--ssf-poll-wait", "16s")
                .awaitReady()) {
            rx = new SsfReceiver("http://localhost:" + port);
            verifier = new RSASSAVerifier(JWKSet.parse(rx.call(ops, "GET", "/ssf/jwks.json", null, 200).toString())
                    .getKeys().get(0).toRSAKey());
            stream = rx.call(receiver, "POST", "/ssf/stream", "{\"events_requested\":[\"" + String.join("\",\"",
                    EventTypes.SUPPORTED) + "\"]}", 201).get("stream_id").asText();
            assertEquals(T, rx.call(receiver, "GET", "/ssf/stream?stream_id=" + stream, null, 200).get("tenant_id").asText());

            // The subscription ends a few seconds from now: the worker expires the tenant, then its member.
            String soon = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
            command("tenant", T, "register", ",\"validUntil\":\"" + soon + "\"");
            command("user", "ana", "register", ",\"status\":\"active\"");
            Map<String, SignedJWT> expired = waiting(4);
            assertEquals(List.of("account-disabled system", "session-revoked system", "account-disabled policy",
                    "session-revoked policy"), lines(expired));
            ack(expired);

            // The receiver's own pause: SETs held, then delivered in order, with no stream-updated.
            status(receiver, "paused", null);
            command("tenant", T, "extend-subscription", ",\"validUntil\":\"2099-01-01T00:00:00Z\"");
            nothingFor(Duration.ofSeconds(2));
            status(receiver, "enabled", null);
            Map<String, SignedJWT> extended = waiting(2);
            assertEquals(List.of("account-enabled admin", "account-enabled policy"), lines(extended));
            ack(extended);

            // A platform admin's pause: the receiver is told before the stream stops, and when it starts again.
            status(ops, "paused", "maintenance");
            Map<String, SignedJWT> told = waiting(1);
            assertEquals(List.of("stream-updated paused maintenance"), lines(told));
            command("user", "ana", "suspend", ",\"reason\":\"phishing\"");
            assertEquals(told.keySet(), waiting(1).keySet(), "what follows the notice is held");
            ack(told);
            nothingFor(Duration.ofSeconds(2));
            assertEquals("paused", rx.call(receiver, "GET", "/ssf/status?stream_id=" + stream, null, 200).get("status").asText());
            status(ops, "enabled", null);
            Map<String, SignedJWT> resumed = waiting(3);
            assertEquals(List.of("account-disabled admin", "session-revoked admin", "stream-updated enabled null"), lines(resumed));
            ack(resumed);

            // The receiver's own disable drops what waits, and once enabled only later events come.
            command("user", "ana", "activate", "");
            assertEquals(List.of("account-enabled admin"), lines(waiting(1)));
            status(receiver, "disabled", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped(worker.managementPort()) >= 1);
            status(receiver, "enabled", null);
            command("user", "ana", "deactivate", "");
            Map<String, SignedJWT> later = waiting(2);
            assertEquals(List.of("account-disabled admin", "session-revoked admin"), lines(later));
            ack(later);

            // A long poll with nothing to give waits the whole poll wait, longer than the HTTP idle
            // timeout, and answers: the connection, silent all that time, is not taken for an idle one.
            long asked = System.nanoTime();
            assertEquals(Map.of(), rx.poll(receiver, stream, "{}"));
            assertTrue(System.nanoTime() - asked >= Duration.ofSeconds(15).toNanos(), "it waited for a SET");

            // The tenant deleted: its last SETs, then the stream disabled, saying why.
            command("user", "ana", "delete", "");
            command("tenant", T, "delete", "");
            Map<String, SignedJWT> deleted = waiting(4);
            assertEquals(List.of("account-purged admin", "account-purged admin", "session-revoked admin",
                    "stream-updated disabled tenant " + T + " was deleted"), lines(deleted));
            var now = rx.call(receiver, "GET", "/ssf/status?stream_id=" + stream, null, 200);
            assertEquals("disabled", now.get("status").asText());
            assertEquals("tenant " + T + " was deleted", now.get("reason").asText());
            rx.call(receiver, "POST", "/ssf/status", "{\"stream_id\":\"" + stream + "\",\"status\":\"enabled\"}", 400);
            ack(deleted);
            nothingFor(Duration.ofSeconds(1));
            assertEquals(0, worker.terminate());
        }
    }
}
