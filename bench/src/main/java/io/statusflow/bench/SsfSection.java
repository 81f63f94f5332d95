package io.statusflow.bench;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.statusflow.ssf.EventTypes;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Benchmark.Bench bench;
    private final double rate;
    private final int seconds;
    private SsfReceivers receivers;

    SsfSection(Benchmark.Bench bench, double rate, int seconds) {
        this.bench = bench;
        this.rate = rate;
        this.seconds = seconds;
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
        String base = "http://localhost:" + port;
        receivers = new SsfReceivers(base, SsfReceivers.token(SECRET));
        SsfReceivers.Receiver pushed = new SsfReceivers.Receiver();
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
    private void latency(Kafka kafka, Workers.Run run, Mix mix, SsfReceivers.Receiver pushed, String endpoint, WorkerProcess w)
            throws Exception {
        String events = "\"events_requested\":[\"" + EventTypes.ACCOUNT_DISABLED + "\",\"" + EventTypes.ACCOUNT_ENABLED + "\"]";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        // The worker's JIT compiles the SET path during the first seconds: those are not the steady state.
        Duration warmup = Duration.ofSeconds(20);
        SsfReceivers.Receiver polled;
        try (SsfReceivers.Streams streams = receivers.open(LOAD, events, endpoint, true);
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
        Latencies push = latencies(pushed.sets(), sentAt);
        Latencies poll = latencies(polled.sets(), sentAt);
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
    private static void drain(SsfReceivers.Receiver pushed, SsfReceivers.Receiver polled, Map<String, Long> sentAt, WorkerProcess w)
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

    private static Latencies latencies(List<SsfReceivers.Arrival> arrivals, Map<String, Long> sentAt) {
        Latencies out = new Latencies();
        for (SsfReceivers.Arrival a : arrivals) {
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
    private void cascade(Kafka kafka, Workers.Run run, Mix mix, SsfReceivers.Receiver pushed, String endpoint,
            long members, WorkerProcess w, double signOnly) throws Exception {
        String all = "\"events_requested\":[\"" + String.join("\",\"", EventTypes.SUPPORTED) + "\"]";
        String tenant = pushed != null ? BIG_PUSH : BIG_POLL;
        // The tenant's account-disabled and session-revoked, then each member's.
        long expected = 2 * (members + 1);
        SsfReceivers.Receiver into;
        long start;
        try (SsfReceivers.Streams streams = receivers.open(tenant, all, pushed != null ? endpoint : null, pushed == null)) {
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
        List<SsfReceivers.Arrival> a = into.sets();
        double first = (a.get(0).nanos() - start) / 1e9;
        double last = (a.get(a.size() - 1).nanos() - start) / 1e9;
        double rate = a.size() / Math.max(1e-3, last - first);
        String kind = pushed != null ? "push" : "poll";
        bench.table().add("ssf", String.format("%,d-member tenant deactivated, %,d SETs to one %s receiver, alone", members,
                a.size(), kind), String.format("%,.0f SETs/s, %.2f of sign only (first at %.1f s, last at %.1f s)",
                rate, rate / signOnly, first, last), "");
    }


}
