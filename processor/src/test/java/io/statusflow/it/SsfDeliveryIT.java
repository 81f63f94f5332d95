package io.statusflow.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.statusflow.ssf.delivery.Delivery;
import io.statusflow.ssf.EventTypes;
import io.statusflow.ssf.PollRequest;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.delivery.PushLane;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvent;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.Stream;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.MemoryStreams;
import io.statusflow.wire.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery of the outbox on a real broker: a poll stream and a push stream, a restart in the middle,
 * and the positions that make the second instance send only what the first did not get through.
 */
class SsfDeliveryIT extends OwnBroker {

    private static final String ISSUER = "https://sf.example";
    private final MemoryStreams streams = new MemoryStreams();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final ConcurrentLinkedQueue<String> pushed = new ConcurrentLinkedQueue<>();
    private HttpServer receiver;
    private SigningKeys keys;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        timer.shutdownNow();
    }

    private Delivery delivery(String run) {
        PushLane.Listener quiet = new PushLane.Listener() {
            @Override
            public void delivered(String s, String j) {}

            @Override
            public void refused(String s, String j, String e) {}

            @Override
            public void retried(String s, String j, Duration a, String w) {}
        };
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        return new Delivery(client, new Delivery.Settings(run + ".outbox", run + ".positions", run + "-ssf",
                Duration.ofDays(7), Duration.ofSeconds(1), "localhost:1"), streams,
                new PushLane.Context(ISSUER, keys, HttpClient.newHttpClient(), new PushEndpoints(true), Duration.ofSeconds(2),
                        Duration.ofMillis(50), Duration.ofSeconds(1), 8, ForkJoinPool.commonPool(), timer, new Random(1), Clock.systemUTC(), quiet)).start();
    }

    private static Stream stream(String id, Stream.Delivery delivery) {
        return new Stream(id, "receiver-" + id, Optional.empty(), EventTypes.SUPPORTED, delivery, Optional.empty(), Stream.DefaultSubjects.ALL);
    }

    private Map<String, Object> poll(Delivery d, StreamRecord s, String body) throws Exception {
        PollRequest request = PollRequest.parse(Json.MAPPER.readTree(body), 1000);
        return await().atMost(Duration.ofSeconds(30)).until(() -> d.poll(s, request), Optional::isPresent).get()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void poll_and_push_streams_get_every_set_and_a_restart_sends_only_what_was_not_done() throws Exception {
        String run = "delivery-" + System.nanoTime();
        keys = SigningKeys.parse(new RSAKeyGenerator(2048).keyID("k").generate().toJSONString(), "test");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(run + ".outbox", 2, (short) 1),
                    new NewTopic(run + ".positions", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/push", ex -> {
            pushed.add(jti(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII)));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        receiver.start();
        StreamRecord polled = StreamRecord.created(stream("p0110000000000000000000000000000a",
                new Stream.Delivery(Stream.POLL, ISSUER + "/ssf/poll/p", Optional.empty())));
        StreamRecord pushing = StreamRecord.created(stream("b0220000000000000000000000000000b",
                new Stream.Delivery(Stream.PUSH, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/push", Optional.empty())));
        streams.put(polled);
        streams.put(pushing);
        List<String> pollJtis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> p = producer("0")) {
            for (int i = 0; i < 5; i++) {
                for (StreamRecord s : List.of(polled, pushing)) {
                    SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                            Map.of("format", "iss_sub", "iss", ISSUER + "/u", "sub", "u" + i), Map.of("n", i));
                    Queued q = Queued.of(s.stream().id(), "event-" + i, "acme", e);
                    if (s == polled) {
                        pollJtis.add(q.jti());
                    }
                    p.send(new ProducerRecord<>(run + ".outbox", s.stream().id(), q.bytes())).get();
                }
            }
        }

        try (Delivery first = delivery(run)) {
            // A poll answers with what has arrived so far: ask until all five have.
            Map<?, ?> sets = await().atMost(Duration.ofSeconds(30)).until(
                    () -> (Map<?, ?>) poll(first, polled, "{\"returnImmediately\":true}").get("sets"), m -> m.size() == 5);
            assertEquals(pollJtis, List.copyOf(sets.keySet()), "every SET, oldest first");
            RSASSAVerifier verifier = new RSASSAVerifier(JWKSet.parse(keys.publicJwks()).getKeyByKeyId("k").toRSAKey());
            for (Object set : sets.values()) {
                assertTrue(SignedJWT.parse((String) set).verify(verifier));
            }
            assertEquals(Map.of(), ((Map<?, ?>) poll(first, polled, "{\"ack\":[\"" + String.join("\",\"", pollJtis.subList(0, 3))
                    + "\"],\"maxEvents\":0}").get("sets")));
            await().atMost(Duration.ofSeconds(30)).until(() -> pushed.size() >= 5);
        }
        int pushedBefore = pushed.size();

        try (Delivery second = delivery(run)) {
            // The first poll after the restart, while the outbox may still be replaying: it must not say nothing is left.
            Map<String, Object> first = poll(second, polled, "{\"returnImmediately\":true}");
            assertTrue(((Map<?, ?>) first.get("sets")).size() == 2 || Boolean.TRUE.equals(first.get("moreAvailable")),
                    "the first poll after a restart said no SET waits: " + first);
            Map<?, ?> sets = await().atMost(Duration.ofSeconds(30)).until(
                    () -> (Map<?, ?>) poll(second, polled, "{\"returnImmediately\":true}").get("sets"), m -> m.size() >= 2);
            assertEquals(pollJtis.subList(3, 5), List.copyOf(sets.keySet()), "only the unacknowledged ones, same jtis");
            Map<?, ?> none = (Map<?, ?>) poll(second, polled, "{\"ack\":[\"" + pollJtis.get(3) + "\",\"" + pollJtis.get(4)
                    + "\"],\"returnImmediately\":true}").get("sets");
            assertEquals(Map.of(), none);
            // Nothing more for two seconds: what was delivered is not pushed again.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == pushedBefore);
            assertEquals(5, pushed.stream().distinct().count());
        }
    }

    private static String jti(String set) {
        try {
            return SignedJWT.parse(set).getJWTClaimsSet().getJWTID();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
