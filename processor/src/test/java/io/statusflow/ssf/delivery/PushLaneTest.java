package io.statusflow.ssf.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.statusflow.ssf.EventTypes;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvent;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.Stream;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.ssf.StreamStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Push delivery against real HTTP receivers in this JVM: signed SETs, retries with the same jti, refusals, stuck receivers. */
class PushLaneTest {

    private static final String ISSUER = "https://sf.example";
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<HttpServer> servers = new java.util.ArrayList<>();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final SigningKeys keys;

    PushLaneTest() throws Exception {
        keys = SigningKeys.parse(new RSAKeyGenerator(2048).keyID("k").generate().toJSONString(), "test");
    }

    /** A receiver that records what it got and answers as {@code answer} says (status; 0: never). */
    private record Got(String contentType, String authorization, String set, Instant at) {}

    private String receiver(ConcurrentLinkedQueue<Got> got, IntSupplier answer, String body) throws IOException {
        return receiver(got, set -> answer.getAsInt(), body);
    }

    /** As above, answering by the SET. */
    private String receiver(ConcurrentLinkedQueue<Got> got, java.util.function.ToIntFunction<String> answer, String body)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/push", exchange -> {
            String set = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            got.add(new Got(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), set, Instant.now()));
            int status = answer.applyAsInt(set);
            if (status == 0) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                exchange.getResponseBody().write(b);
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
    }

    @AfterEach
    void close() {
        servers.forEach(s -> s.stop(0));
        timer.shutdownNow();
    }

    private PushLane lane(String id, String url, StreamQueue queue, Duration timeout) {
        return lane(id, url, queue, timeout, () -> true);
    }

    private PushLane lane(String id, String url, StreamQueue queue, Duration timeout, java.util.function.BooleanSupplier open) {
        Stream s = new Stream(id, "receiver-" + id, Optional.empty(), EventTypes.SUPPORTED,
                new Stream.Delivery(Stream.PUSH, url, Optional.of("Bearer secret-" + id)), Optional.empty(), Stream.DefaultSubjects.ALL);
        PushLane.Listener listener = new PushLane.Listener() {
            @Override
            public void delivered(String streamId, String jti) {
                events.add("delivered " + streamId + " " + jti);
            }

            @Override
            public void refused(String streamId, String jti, String err) {
                events.add("refused " + streamId + " " + jti + " " + err);
            }

            @Override
            public void retried(String streamId, String jti, Duration after, String why) {
                events.add("retried " + streamId + " " + jti);
            }
        };
        return new PushLane(s, queue, new PushLane.Context(ISSUER, keys, http, new PushEndpoints(true), timeout,
                Duration.ofMillis(50), Duration.ofSeconds(2), 8, Runnable::run, timer, new Random(7), Clock.systemUTC(), listener), open);
    }

    private static StreamQueue queue(String stream, int n) {
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        for (int i = 0; i < n; i++) {
            SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                    Map.of("format", "iss_sub", "iss", ISSUER + "/tenants/acme/users", "sub", "u" + i), Map.of("n", i));
            q.offer(new StreamQueue.Entry(i, Queued.of(stream, "event-" + i, "acme", e), Instant.now()));
        }
        return q;
    }

    @Test
    void sets_go_out_signed_with_the_streams_authorization() throws Exception {
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        StreamQueue q = queue("s", 3);
        lane("s", receiver(got, () -> 202, ""), q, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3 && q.size() == 0);
        RSASSAVerifier verifier = new RSASSAVerifier(JWKSet.parse(keys.publicJwks()).getKeyByKeyId("k").toRSAKey());
        Set<Object> subjects = new HashSet<>();
        for (Got g : got) {
            assertEquals("application/secevent+jwt", g.contentType());
            assertEquals("Bearer secret-s", g.authorization());
            SignedJWT set = SignedJWT.parse(g.set());
            assertTrue(set.verify(verifier));
            assertEquals(List.of("receiver-s"), set.getJWTClaimsSet().getAudience());
            subjects.add(((Map<?, ?>) set.getJWTClaimsSet().getClaim("sub_id")).get("sub"));
        }
        assertEquals(Set.of("u0", "u1", "u2"), subjects);
    }

    @Test
    void a_receiver_answering_in_random_order_and_delay_sees_each_subjects_sets_in_order() throws Exception {
        long seed = Long.getLong("statusflow.seed", System.nanoTime());
        Random random = new Random(seed);
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        int n = 300;
        for (int i = 0; i < n; i++) {
            SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                    Map.of("format", "iss_sub", "iss", ISSUER + "/tenants/acme/users", "sub", "u" + random.nextInt(12)),
                    Map.of("n", i));
            q.offer(new StreamQueue.Entry(i, Queued.of("s", "event-" + i, "acme", e), Instant.now()));
        }
        String url = receiver(got, () -> {
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(random.nextInt(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return random.nextInt(10) == 0 ? 503 : 202;
        }, "");
        lane("s", url, q, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(60)).until(() -> q.size() == 0);
        // A subject's SETs arrive in the order of their events: a failed one is sent again before the next.
        Map<Object, Integer> last = new java.util.HashMap<>();
        for (Got g : got) {
            var claims = SignedJWT.parse(g.set()).getJWTClaimsSet();
            Object sub = ((Map<?, ?>) claims.getClaim("sub_id")).get("sub");
            int at = ((Number) ((Map<?, ?>) ((Map<?, ?>) claims.getClaim("events")).values().iterator().next()).get("n")).intValue();
            int before = last.getOrDefault(sub, -1);
            assertTrue(at >= before, "seed " + seed + ": " + sub + " got SET " + at + " after " + before);
            last.put(sub, at);
        }
        assertTrue(most.get() > 1 && most.get() <= 8, "seed " + seed + ": at most 8 in flight, several at once: " + most.get());
    }

    @Test
    void a_subject_whose_set_fails_holds_back_only_its_own_sets() throws Exception {
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        for (int i = 0; i < 40; i++) {
            String sub = i % 10 == 0 ? "stuck" : "u" + i;
            SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                    Map.of("format", "iss_sub", "iss", ISSUER + "/tenants/acme/users", "sub", sub), Map.of("n", i));
            q.offer(new StreamQueue.Entry(i, Queued.of("s", "event-" + i, "acme", e), Instant.now()));
        }
        Instant healAt = Instant.now().plusSeconds(3);
        String failing = receiver(got, set -> "stuck".equals(subject(set)) && Instant.now().isBefore(healAt) ? 503 : 202, "");
        lane("s", failing, q, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> q.size() == 4);
        assertTrue(Instant.now().isBefore(healAt), "the 36 others were delivered while the stuck subject failed");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("retried")));
        await().atMost(Duration.ofSeconds(20)).until(() -> q.size() == 0);
        assertEquals(List.of(0, 10, 20, 30), stuckOrder(got).stream().distinct().toList(), "the stuck subject's SETs in order");
    }

    private static String subject(String set) {
        try {
            return (String) ((Map<?, ?>) SignedJWT.parse(set).getJWTClaimsSet().getClaim("sub_id")).get("sub");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The event numbers of the stuck subject's tries, in the order they came. */
    private static List<Integer> stuckOrder(ConcurrentLinkedQueue<Got> tries) {
        List<Integer> out = new java.util.ArrayList<>();
        for (Got g : tries) {
            try {
                var claims = SignedJWT.parse(g.set()).getJWTClaimsSet();
                if ("stuck".equals(((Map<?, ?>) claims.getClaim("sub_id")).get("sub"))) {
                    out.add(((Number) ((Map<?, ?>) ((Map<?, ?>) claims.getClaim("events")).values().iterator().next())
                            .get("n")).intValue());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void a_stream_paused_by_someone_else_sends_up_to_its_notice_then_holds() throws Exception {
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        StreamQueue q = queue("s", 1);
        SecurityEvent paused = StreamStatus.updated("s", StreamStatus.enabled, StreamStatus.paused, Optional.of("maintenance"),
                false).orElseThrow();
        q.offer(new StreamQueue.Entry(1, Queued.once("s", paused), Instant.now()));
        SecurityEvent later = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                Map.of("format", "iss_sub", "iss", ISSUER + "/tenants/acme/users", "sub", "later"), Map.of());
        q.offer(new StreamQueue.Entry(2, Queued.of("s", "event-2", "acme", later), Instant.now()));
        // As delivery decides for a paused stream: it sends while a stop notice waits.
        PushLane lane = lane("s", receiver(got, () -> 202, ""), q, Duration.ofSeconds(2), q::draining);
        lane.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2 && q.size() == 1);
        lane.wake();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> got.size() == 2);
        assertEquals(EventTypes.STREAM_UPDATED, SignedJWT.parse(got.stream().toList().get(1).set()).getJWTClaimsSet()
                .getJSONObjectClaim("events").keySet().iterator().next(), "the notice went out last");
        assertEquals(1, q.size(), "what follows the notice is held");
    }

    @Test
    void a_failing_receiver_gets_the_same_set_again_after_growing_waits() throws Exception {
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        StreamQueue q = queue("s", 1);
        lane("s", receiver(got, () -> calls.incrementAndGet() <= 3 ? 503 : 202, ""), q, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> q.size() == 0);
        List<Got> tries = List.copyOf(got);
        assertEquals(4, tries.size());
        List<String> jtis = tries.stream().map(g -> claim(g.set(), "jti")).distinct().toList();
        assertEquals(1, jtis.size(), "the same jti every time");
        for (int i = 1; i < 4; i++) {
            long gap = Duration.between(tries.get(i - 1).at(), tries.get(i).at()).toMillis();
            assertTrue(gap >= 50L << (i - 1), "wait " + i + " was " + gap + " ms");
        }
        assertEquals(3, events.stream().filter(e -> e.startsWith("retried")).count());
    }

    @Test
    void a_set_the_receiver_refuses_for_good_is_not_sent_again() throws Exception {
        ConcurrentLinkedQueue<Got> got = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        StreamQueue q = queue("s", 2);
        lane("s", receiver(got, () -> calls.incrementAndGet() == 1 ? 400 : 202,
                "{\"err\":\"invalid_request\",\"description\":\"no\"}"), q, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> q.size() == 0);
        assertEquals(2, got.size(), "the refused SET once, then the next");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("refused s") && e.endsWith("invalid_request")));
    }

    @Test
    void a_stuck_receiver_holds_only_its_own_stream() throws Exception {
        ConcurrentLinkedQueue<Got> stuck = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Got> healthy = new ConcurrentLinkedQueue<>();
        StreamQueue stuckQueue = queue("stuck", 5);
        StreamQueue healthyQueue = queue("healthy", 20);
        PushLane slow = lane("stuck", receiver(stuck, () -> 0, ""), stuckQueue, Duration.ofMillis(300));
        slow.wake();
        lane("healthy", receiver(healthy, () -> 202, ""), healthyQueue, Duration.ofSeconds(2)).wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> healthyQueue.size() == 0);
        assertEquals(20, healthy.size());
        assertEquals(5, stuckQueue.size(), "nothing of the stuck stream is lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.startsWith("retried stuck")));
        slow.stop();
    }

    private static String claim(String set, String name) {
        try {
            return SignedJWT.parse(set).getJWTClaimsSet().getStringClaim(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
