package io.statusflow.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.wire.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * statusflow as a Shared Signals transmitter, from a receiver's side, on the jar in try-it mode:
 * discover, create a poll stream and a push stream, change access, and get every SET signed with
 * a published key, with the claims the profile asks for; acknowledge; verify; and after a restart
 * get nothing twice that was done.
 */
class SharedSignalsIT {

    private final ConcurrentLinkedQueue<String> pushed = new ConcurrentLinkedQueue<>();
    private SsfReceiver rx;
    private String base;
    private String token;

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        return rx.call(token, method, path, body, expected);
    }

    private Map<String, SignedJWT> poll(String stream, String body) throws Exception {
        return rx.poll(token, stream, body);
    }

    private static String type(SignedJWT set) {
        return SsfReceiver.type(set);
    }

    @Test
    void a_receiver_discovers_creates_streams_and_gets_every_set_signed_once_done_never_again() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/push", ex -> {
            pushed.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        receiver.start();
        Path dir = Files.createTempDirectory("statusflow-ssf");
        int port = Ports.freePair();
        int kafkaPort = Ports.freePair();
        String[] args = {"--embedded-port", Integer.toString(kafkaPort), "--embedded-dir", dir.resolve("kafka").toString(),
            "--state-dir", dir.resolve("state").toString(), "--http-port", Integer.toString(port)};
        base = "http://localhost:" + port;
        rx = new SsfReceiver(base);
        String pollStream;
        List<String> pushedBefore;
        try (WorkerProcess worker = WorkerProcess.start(dir, args).awaitReady()) {
            Matcher m = Pattern.compile("TOKEN=(\\S+)").matcher(worker.output());
            assertTrue(m.find(), worker.output());
            token = m.group(1);

            // The first stream the try-it output suggests is made as printed.
            Matcher first = Pattern.compile("curl -s localhost:" + port + "/ssf/stream .* -d '(\\{[^']*\\})'").matcher(worker.output());
            assertTrue(first.find(), worker.output());
            String suggested = call("POST", "/ssf/stream", first.group(1), 201).get("stream_id").asText();
            assertEquals(2, call("GET", "/ssf/stream?stream_id=" + suggested, null, 200).get("events_delivered").size());
            call("DELETE", "/ssf/stream?stream_id=" + suggested, null, 204);

            JsonNode meta = call("GET", "/.well-known/ssf-configuration", null, 200);
            assertEquals(base, meta.get("issuer").asText());
            assertEquals(base + "/ssf/stream", meta.get("configuration_endpoint").asText());
            RSASSAVerifier verifier = new RSASSAVerifier(JWKSet.parse(call("GET", "/ssf/jwks.json", null, 200).toString())
                    .getKeys().get(0).toRSAKey());

            pollStream = call("POST", "/ssf/stream", "{\"events_requested\":[\"" + String.join("\",\"", EventTypes.SUPPORTED)
                    + "\"]}", 201).get("stream_id").asText();
            call("POST", "/ssf/stream", "{\"events_requested\":[\"" + EventTypes.SESSION_REVOKED + "\"],\"delivery\":{"
                    + "\"method\":\"urn:ietf:rfc:8935\",\"endpoint_url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/push\",\"authorization_header\":\"Bearer r\"}}", 201);

            for (String c : List.of(
                    "{\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"tenant\",\"id\":\"sig-corp\"},\"action\":\"register\"}",
                    "{\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"user\",\"id\":\"ana\"},\"action\":\"register\",\"status\":\"active\"}",
                    "{\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"client\",\"id\":\"api\"},\"action\":\"register\",\"status\":\"active\"}",
                    "{\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"user\",\"id\":\"ana\"},\"action\":\"set-status\",\"status\":\"risky\",\"reason\":\"impossible travel\"}",
                    "{\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"tenant\",\"id\":\"sig-corp\"},\"action\":\"deactivate\",\"reason\":\"unpaid\"}")) {
                call("POST", "/v1/commands", c, 200);
            }
            // ana risky: session-revoked, risk-level-change; the tenant: disabled, revoked; its members: disabled, revoked each.
            List<String> expected = List.of(EventTypes.SESSION_REVOKED, EventTypes.RISK_LEVEL_CHANGE,
                    EventTypes.ACCOUNT_DISABLED, EventTypes.SESSION_REVOKED, EventTypes.ACCOUNT_DISABLED,
                    EventTypes.SESSION_REVOKED, EventTypes.ACCOUNT_DISABLED, EventTypes.SESSION_REVOKED);
            Map<String, SignedJWT> sets = await().atMost(Duration.ofSeconds(30)).until(
                    () -> poll(pollStream, "{\"returnImmediately\":true}"), s -> s.size() >= expected.size());
            assertEquals(expected.size(), sets.size());
            List<String> subjects = new ArrayList<>();
            for (var e : sets.entrySet()) {
                SignedJWT set = e.getValue();
                assertTrue(set.verify(verifier), "signed with the published key");
                assertEquals("secevent+jwt", set.getHeader().getType().getType());
                var claims = set.getJWTClaimsSet();
                assertEquals(base, claims.getIssuer());
                assertEquals(List.of("try-it"), claims.getAudience());
                assertEquals(e.getKey(), claims.getJWTID());
                assertEquals(Set.of("iss", "aud", "iat", "jti", "txn", "sub_id", "events"), claims.getClaims().keySet());
                Map<String, Object> subject = claims.getJSONObjectClaim("sub_id");
                subjects.add(subject.get("format") + ":" + subject.getOrDefault("sub", "tenant"));
            }
            assertEquals(expected, sets.values().stream().map(SharedSignalsIT::type).toList(), "the mapping's SETs, in order");
            assertTrue(subjects.contains("complex:tenant"), subjects.toString());
            assertTrue(subjects.contains("iss_sub:api"), "the client lost access with its tenant: " + subjects);
            checkSetAsDocumented(base, sets.values().iterator().next().serialize());

            // Acknowledge all but the last two, then ask for a verification.
            List<String> jtis = new ArrayList<>(sets.keySet());
            call("POST", "/ssf/poll/" + pollStream, "{\"ack\":[\"" + String.join("\",\"", jtis.subList(0, jtis.size() - 2))
                    + "\"],\"maxEvents\":0}", 200);
            call("POST", "/ssf/verify", "{\"stream_id\":\"" + pollStream + "\",\"state\":\"s-1\"}", 204);
            call("POST", "/ssf/verify", "{\"stream_id\":\"" + pollStream + "\"}", 429);
            await().atMost(Duration.ofSeconds(30)).until(() -> pushed.size() >= 4);
            assertEquals(0, worker.terminate());
            pushedBefore = List.copyOf(pushed);
        }

        try (WorkerProcess again = WorkerProcess.start(dir, args).awaitReady()) {
            Matcher m = Pattern.compile("TOKEN=(\\S+)").matcher(again.output());
            assertTrue(m.find(), again.output());
            token = m.group(1); // the try-it token's key is new at every start; the stream is the same receiver's
            Map<String, SignedJWT> left = await().atMost(Duration.ofSeconds(60)).until(
                    () -> poll(pollStream, "{\"returnImmediately\":true}"), s -> s.size() >= 3);
            List<String> types = left.values().stream().map(SharedSignalsIT::type).toList();
            assertEquals(EventTypes.VERIFICATION, types.get(types.size() - 1), "the verification, behind the two left: " + types);
            assertEquals(3, left.size(), "only what was not acknowledged: " + types);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == pushedBefore.size());
            assertEquals(4, pushedBefore.stream().distinct().count(), "four session-revoked SETs, each pushed once");
            assertEquals(0, again.terminate());
        }

        // Push only: no HTTP API, the issuer given. Streams made earlier are served, and a change is pushed.
        String[] pushOnly = List.of(args).subList(0, 6).toArray(String[]::new);
        pushOnly = java.util.stream.Stream.concat(List.of(pushOnly).stream(), java.util.stream.Stream.of("--no-http",
                "--ssf-issuer", base)).toArray(String[]::new);
        try (WorkerProcess push = WorkerProcess.start(dir, pushOnly).awaitReady()) {
            assertTrue(push.output().contains("pushes only"), push.output());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                    "bootstrap.servers", "localhost:" + kafkaPort), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                String admin = "\"actor\":{\"id\":\"ops\",\"type\":\"service\",\"roles\":[\"platform-admin\"]}";
                for (String c : List.of(
                        "{\"commandId\":\"po-1\",\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"tenant\",\"id\":\"sig-corp\"},"
                                + "\"action\":\"activate\"," + admin + "}",
                        "{\"commandId\":\"po-2\",\"tenantId\":\"sig-corp\",\"target\":{\"type\":\"user\",\"id\":\"ana\"},"
                                + "\"action\":\"deactivate\"," + admin + "}")) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("status.commands", "sig-corp", c)).get();
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pushed.size() > pushedBefore.size());
            SignedJWT set = SignedJWT.parse(List.copyOf(pushed).get(pushedBefore.size()));
            assertEquals(EventTypes.SESSION_REVOKED, type(set), "ana's deactivation, pushed without HTTP");
            assertEquals(base, set.getJWTClaimsSet().getIssuer());
            assertFalse(push.output().contains("Bearer r"), "the receiver's push secret reaches no log line");
        } finally {
            receiver.stop(0);
        }
    }

    /** The "check a SET's signature" command of docs/shared-signals.md, as written: a SET verifies, a tampered one not. */
    private static void checkSetAsDocumented(String issuer, String set) throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/shared-signals.md"));
        String line = doc.lines().filter(l -> l.startsWith("java -cp processor/target/statusflow.jar deploy/examples/VerifySet.java"))
                .findFirst().orElseThrow().replace("http://localhost:8080", issuer);
        String[] parts = set.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
        for (String candidate : List.of(set, tampered)) {
            DocumentedCommand.Ran ran = DocumentedCommand.run(line, Map.of("SET", candidate), Duration.ofSeconds(60));
            String out = ran.output();
            if (candidate.equals(set)) {
                assertEquals(0, ran.exit(), out);
                assertTrue(out.startsWith("verified: jti "), out);
            } else {
                assertEquals(1, ran.exit(), out);
                assertTrue(out.startsWith("not verified: "), out);
            }
        }
    }
}
