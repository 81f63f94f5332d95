package io.statusflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Section 8: Shared Signals. At a fixed load of status changes in one tenant, the time from sending
 * a command to its SET at a push receiver and in a poll's answer (one receiver of each kind, on
 * this machine, long-polling and acknowledging as it goes). Then one tenant of 100,000 members is
 * deactivated with a push receiver on it, and another with a poll receiver, each alone: SETs per
 * second to each, first SET to last, beside what one core signs per second alone.
 */
final class SsfSection {

    static final long MEMBERS = 100_000;
    static final int USERS = 500;
    static final String LOAD = "ssf-load";
    static final String BIG_PUSH = "ssf-big-push";
    static final String BIG_POLL = "ssf-big-poll";
    private static final String SECRET = "a-benchmark-secret-of-at-least-32-bytes";
    private static final String PUSH = "urn:ietf:rfc:8935";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Benchmark.Bench bench;
    private final double rate;
    private final int seconds;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String token;

    SsfSection(Benchmark.Bench bench, double rate, int seconds) {
        this.bench = bench;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** What a receiver got: a SET's subject id, type and reason (each load command's own), when it arrived. */
    private record Arrival(String subject, String type, String reason, long nanos) {}

    /** One receiver's arrivals, in order; a load command's send time is matched by its reason. */
    private static final class Receiver {
        final List<Arrival> arrivals = new ArrayList<>();

        synchronized void add(String jwt, long nanos) {
            try {
                String body = jwt.substring(jwt.indexOf('.') + 1, jwt.lastIndexOf('.'));
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(body));
                JsonNode sub = claims.path("sub_id");
                String subject = sub.has("sub") ? sub.get("sub").asText() : sub.path("tenant").path("id").asText();
                var event = claims.path("events").fields().next();
                arrivals.add(new Arrival(subject, event.getKey(), event.getValue().path("reason_admin").path("en").asText(), nanos));
            } catch (Exception e) {
                throw new IllegalStateException("not a SET: " + jwt, e);
            }
        }

        synchronized List<Arrival> taken() {
            List<Arrival> out = List.copyOf(arrivals);
            arrivals.clear();
            return out;
        }

        synchronized int size() {
            return arrivals.size();
        }
    }

    void run() throws Exception {
        Kafka kafka = bench.kafka();
        Workers.Run run = new Workers.Run("ssf", "ssf.commands");
        kafka.create(List.of(run.input()));
        long members = bench.scaled(MEMBERS);
        Mix mix = new Mix(1, members, bench.seed());
        try (KafkaProducer<String, byte[]> p = kafka.bulkProducer()) {
            var send = kafka.sender(p, run.input());
            for (String t : List.of(LOAD, BIG_PUSH, BIG_POLL)) {
                send.accept(t, mix.tenantCommand(t, "register"));
            }
            for (int i = 0; i < USERS; i++) {
                send.accept(LOAD, mix.activeUser(LOAD, "u" + i));
            }
            for (String t : List.of(BIG_PUSH, BIG_POLL)) {
                for (long i = 0; i < members; i++) {
                    send.accept(t, mix.activeUser(t, "m" + i));
                }
            }
        }
        kafka.checkDelivered();

        Path key = bench.dir().resolve("ssf-signing-key.jwk");
        Files.writeString(key, new RSAKeyGenerator(2048).generate().toJSONString());
        int port = Ports.freePair();
        base = "http://localhost:" + port;
        token = token();
        Receiver pushed = new Receiver();
        PushReceiver receiver = new PushReceiver(pushed::add);
        String endpoint = receiver.endpoint();
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 50, "--http-port", Integer.toString(port),
                "--ssf-issuer", base, "--ssf-signing-key", key.toString(), "--ssf-allow-insecure-push", "--jwt-secret", SECRET,
                "--ssf-streams-topic", run.name() + ".ssf-streams", "--ssf-outbox-topic", run.name() + ".ssf-outbox",
                "--ssf-positions-topic", run.name() + ".ssf-positions")) {
            w.awaitReady();
            kafka.await(run.results(), new long[] {2 * members + USERS + 3}, Duration.ofHours(1), Workers.alive(w));
            latency(kafka, run, mix, pushed, endpoint, w);
            double signOnly = signOnly(key);
            bench.table().add("ssf", "sign only: one core signing SETs as the worker does, RS256, nothing else running",
                    String.format("%,.0f SETs/s", signOnly), "");
            for (boolean push : new boolean[] {true, false}) {
                cascade(kafka, run, mix, push ? pushed : null, endpoint, members, w, signOnly);
            }
            w.terminate();
        } finally {
            receiver.close();
        }
        bench.workers().discard(run);
    }

    /** Status changes of the load tenant at the fixed rate; each command's SET timed at both receivers. */
    private void latency(Kafka kafka, Workers.Run run, Mix mix, Receiver pushed, String endpoint, WorkerProcess w)
            throws Exception {
        String events = "\"events_requested\":[\"" + EventTypes.ACCOUNT_DISABLED + "\",\"" + EventTypes.ACCOUNT_ENABLED + "\"]";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        // The worker's JIT compiles the SET path during the first seconds: those are not the steady state.
        Duration warmup = Duration.ofSeconds(20);
        Receiver polled;
        try (Streams streams = new Streams(LOAD, events, endpoint, true);
                KafkaProducer<String, byte[]> p = kafka.loadProducer(bench.loadLingerMs())) {
            polled = streams.polled;
            offer(p, run.input(), mix, sentAt, warmup, w);
            drain(pushed, polled, sentAt, w);
            sentAt.clear();
            pushed.taken();
            polled.taken();
            offer(p, run.input(), mix, sentAt, Duration.ofSeconds(seconds), w);
            drain(pushed, polled, sentAt, w);
        }
        long origin = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        Latencies push = latencies(pushed.taken(), sentAt);
        Latencies poll = latencies(polled.taken(), sentAt);
        push.write(LatencySection.SAMPLES.resolve("ssf-push.csv"), origin);
        poll.write(LatencySection.SAMPLES.resolve("ssf-poll.csv"), origin);
        String load = String.format("%.0f commands/s for %d s, one SET each", rate, seconds);
        bench.table().add("ssf", "command to its SET at a push receiver, " + load, push.summary(), "");
        bench.table().add("ssf", "command to its SET in a long poll's answer, " + load, poll.summary(), "");
    }

    private int toggled;
    private final boolean[] suspended = new boolean[USERS];

    /** Suspends or activates the load tenant's users in turn, at the rate, for {@code length}. */
    private void offer(KafkaProducer<String, byte[]> p, String topic, Mix mix, Map<String, Long> sentAt, Duration length,
            WorkerProcess w) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long next = start;
        while (System.nanoTime() - start < length.toNanos()) {
            int u = toggled++ % USERS;
            String id = "u" + u;
            boolean suspend = !suspended[u];
            suspended[u] = suspend;
            String reason = "load " + toggled;
            sentAt.put(reason, System.nanoTime());
            p.send(new ProducerRecord<>(topic, LOAD, mix.command(LOAD, "user", id, suspend ? "suspend" : "activate",
                    ",\"reason\":\"" + reason + "\"", Mix.SERVICE_ACTOR)));
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            if (toggled % 100 == 0) {
                Workers.alive(w).check();
            }
        }
        p.flush();
    }

    /** Waits until both receivers have a SET for every command sent. */
    private static void drain(Receiver pushed, Receiver polled, Map<String, Long> sentAt, WorkerProcess w)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (pushed.size() < sentAt.size() || polled.size() < sentAt.size()) {
            Workers.alive(w).check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("SETs for " + sentAt.size() + " commands: " + pushed.size() + " pushed, "
                        + polled.size() + " polled within two minutes");
            }
            Thread.sleep(50);
        }
    }

    private static Latencies latencies(List<Arrival> arrivals, Map<String, Long> sentAt) {
        Latencies out = new Latencies();
        for (Arrival a : arrivals) {
            Long sent = sentAt.get(a.reason());
            if (sent != null) {
                out.add(a.nanos(), a.nanos() - sent, 0);
            }
        }
        return out;
    }

    /**
     * What one core signs per second alone, in this JVM with the worker idle: the SET's claims and
     * an RS256 signature with the worker's key, as the worker does each SET it sends.
     */
    private static double signOnly(Path key) throws Exception {
        io.statusflow.ssf.SigningKeys keys = io.statusflow.ssf.SigningKeys.read(key);
        io.statusflow.ssf.Queued set = io.statusflow.ssf.Queued.of("0f87b2c4d5e6f708192a3b4c5d6e7f80", "e", BIG_PUSH,
                new io.statusflow.ssf.SecurityEvent(EventTypes.SESSION_REVOKED, Map.of("format", "iss_sub", "iss",
                        "https://sf.example/tenants/" + BIG_PUSH + "/users", "sub", "m1"), Map.of("event_timestamp", 1L,
                        "initiating_entity", "policy", "reason_admin", Map.of("en", "tenant deactivated"))));
        for (int i = 0; i < 500; i++) {
            keys.sign(set.claims("https://sf.example", "receiver", java.time.Instant.now()));
        }
        int n = 3_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            keys.sign(set.claims("https://sf.example", "receiver", java.time.Instant.now()));
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * A big tenant deactivated with one receiver on it, push ({@code pushed} given) or poll, alone:
     * SETs per second to it, and the ratio to signing alone.
     */
    private void cascade(Kafka kafka, Workers.Run run, Mix mix, Receiver pushed, String endpoint,
            long members, WorkerProcess w, double signOnly) throws Exception {
        String all = "\"events_requested\":[\"" + String.join("\",\"", EventTypes.SUPPORTED) + "\"]";
        String tenant = pushed != null ? BIG_PUSH : BIG_POLL;
        // The tenant's account-disabled and session-revoked, then each member's.
        long expected = 2 * (members + 1);
        Receiver into;
        long start;
        try (Streams streams = new Streams(tenant, all, pushed != null ? endpoint : null, pushed == null)) {
            into = pushed != null ? pushed : streams.polled;
            into.taken();
            start = System.nanoTime();
            try (KafkaProducer<String, byte[]> p = kafka.promptProducer()) {
                kafka.sender(p, run.input()).accept(tenant, mix.tenantCommand(tenant, "deactivate"));
            }
            long progress = System.nanoTime();
            long seen = 0;
            while (into.size() < expected) {
                Workers.alive(w).check();
                long now = into.size();
                if (now > seen) {
                    seen = now;
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > Duration.ofMinutes(2).toNanos()) {
                    throw new IllegalStateException("cascade: " + now + " of " + expected + " SETs, none more for two minutes");
                }
                Thread.sleep(100);
            }
        }
        List<Arrival> a = into.taken();
        double first = (a.get(0).nanos() - start) / 1e9;
        double last = (a.get(a.size() - 1).nanos() - start) / 1e9;
        double rate = a.size() / Math.max(1e-3, last - first);
        String kind = pushed != null ? "push" : "poll";
        bench.table().add("ssf", String.format("%,d-member tenant deactivated, %,d SETs to one %s receiver, alone", members,
                a.size(), kind), String.format("%,.0f SETs/s, %.2f of sign only (first at %.1f s, last at %.1f s)",
                rate, rate / signOnly, first, last), "");
    }

    /**
     * A push stream of a tenant (given an endpoint) and a poll one (when asked); a thread of its own
     * polls the poll one until closed. Closed, they are deleted: the next measurement runs alone.
     */
    private final class Streams implements AutoCloseable {
        final Receiver polled = new Receiver();
        private final AtomicBoolean polling = new AtomicBoolean(true);
        private Thread poller;
        private final List<String> ids = new ArrayList<>();

        Streams(String tenant, String events, String endpoint, boolean poll) throws Exception {
            if (endpoint != null) {
                ids.add(stream("{\"tenant_id\":\"" + tenant + "\"," + events + ",\"delivery\":{\"method\":\"" + PUSH
                        + "\",\"endpoint_url\":\"" + endpoint + "\"}}"));
            }
            if (poll) {
                String id = stream("{\"tenant_id\":\"" + tenant + "\"," + events + "}");
                ids.add(id);
                poller = new Thread(() -> poll(id, polled, polling), "ssf-poller");
                poller.start();
            }
        }

        @Override
        public void close() throws Exception {
            polling.set(false);
            if (poller != null) {
                poller.join();
            }
            for (String id : ids) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/stream?stream_id=" + id))
                        .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    /** A receiver's long-poll loop: acknowledges what the last answer gave, asks for up to 1,000 more. */
    private void poll(String stream, Receiver into, AtomicBoolean running) {
        List<String> ack = new ArrayList<>();
        while (running.get() || !ack.isEmpty()) {
            try {
                String body = "{\"maxEvents\":" + (running.get() ? 1000 : 0) + ",\"ack\":" + JSON.writeValueAsString(ack) + "}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/poll/" + stream))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                if (r.statusCode() == 503) {
                    Thread.sleep(200);
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("poll: " + r.statusCode() + " " + r.body());
                }
                ack.clear();
                for (var it = JSON.readTree(r.body()).get("sets").fields(); it.hasNext(); ) {
                    var e = it.next();
                    ack.add(e.getKey());
                    into.add(e.getValue().asText(), now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                throw new IllegalStateException("poll of stream " + stream + " failed", e);
            }
        }
    }

    private String stream(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/stream"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a stream: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("stream_id").asText();
    }

    private static String token() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("bench-receiver").claim("actor_type", "service")
                .claim("roles", List.of("platform-admin")).expirationTime(new Date(System.currentTimeMillis() + 86_400_000L)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
