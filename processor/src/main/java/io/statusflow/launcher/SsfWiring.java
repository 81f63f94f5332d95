package io.statusflow.launcher;

import io.statusflow.auth.Authenticator;
import io.statusflow.http.Forwarder;
import io.statusflow.http.SsfRoutes;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.SsfOptions;
import io.statusflow.ssf.StreamRequests;
import io.statusflow.ssf.SubjectRequests;
import io.statusflow.ssf.StreamService;
import io.statusflow.ssf.delivery.Delivery;
import io.statusflow.ssf.delivery.PushLane;
import io.statusflow.ssf.delivery.StreamQueues;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shared Signals transmitter put together from its settings and the worker: its keys, the
 * streams store and outbox on Kafka, stream management, and delivery, which starts when the worker
 * first runs (it reads streams from the worker's global store). HTTP is optional: without it the
 * transmitter pushes, and its routes are not served.
 */
final class SsfWiring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SsfWiring.class);

    private final SsfOptions options;
    private final String issuer;
    private final SigningKeys keys;
    private final StreamService service;
    private final KafkaStreamStore store;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer;
    private final ExecutorService signer;
    private final AtomicReference<Delivery> delivery = new AtomicReference<>();
    private volatile boolean closed;

    private SsfWiring(SsfOptions options, String issuer, SigningKeys keys, StreamService service, KafkaStreamStore store,
            KafkaProducer<String, byte[]> producer, ScheduledExecutorService timer, ExecutorService signer) {
        this.options = options;
        this.issuer = issuer;
        this.keys = keys;
        this.service = service;
        this.store = store;
        this.producer = producer;
        this.timer = timer;
        this.signer = signer;
    }

    /** The issuer: the configured one, else the HTTP API's own address (the try-it mode). */
    static String issuer(SsfOptions o, int httpPort, boolean https) {
        return o.issuer().orElse((https ? "https" : "http") + "://localhost:" + httpPort);
    }

    /**
     * @param keyDir where the try-it mode keeps the key it makes
     * @param client the plain clients' properties
     * @param self this instance's HTTP address, where others forward its streams' polls; empty without HTTP
     */
    static SsfWiring start(SsfOptions o, String issuer, Path keyDir, Properties client, String applicationId,
            Optional<String> self, Worker worker, Metrics metrics) throws UsageException {
        SigningKeys keys;
        try {
            keys = o.signingKey().isPresent() ? SigningKeys.read(o.signingKey().get())
                    : SigningKeys.readOrCreate(keyDir.resolve("ssf-signing-key.jwk"));
        } catch (SigningKeys.Invalid e) {
            throw new UsageException("invalid value for " + Setting.SSF_SIGNING_KEY.option() + ": " + e.getMessage());
        }
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        KafkaStreamStore store = new KafkaStreamStore(worker::streams, producer, o.streamsTopic());
        StreamService.Outbox queue = set -> {
            try {
                producer.send(new ProducerRecord<>(o.outboxTopic(), set.streamId(), set.bytes())).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot queue a SET: " + e.getMessage(), e);
            }
        };
        PushEndpoints endpoints = new PushEndpoints(o.allowInsecurePush());
        StreamService service = new StreamService(issuer, new StreamRequests(issuer, o.minVerificationInterval(), endpoints),
                store, queue, o.maxStreams(), new SubjectRequests(o.outbox(issuer).sets().subjectIssuer()), o.maxSubjects(),
                o.minVerificationInterval(), Clock.systemUTC(), StreamRequests::newStreamId);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "statusflow-ssf-timer");
            t.setDaemon(true);
            return t;
        });
        // Signing is most of a push's CPU: one thread per core signs for every lane, off the HTTP threads.
        ExecutorService signer = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "statusflow-ssf-sign");
            t.setDaemon(true);
            return t;
        });
        SsfWiring wiring = new SsfWiring(o, issuer, keys, service, store, producer, timer, signer);
        PushLane.Context push = new PushLane.Context(issuer, keys,
                HttpClient.newBuilder().connectTimeout(o.pushTimeout()).followRedirects(HttpClient.Redirect.NEVER).build(),
                endpoints, o.pushTimeout(), Duration.ofSeconds(1), o.pushRetryMax(), o.pushConcurrency(), signer, timer,
                RandomGenerator.getDefault(), Clock.systemUTC(), new SsfMetrics(metrics));
        Delivery.Settings settings = new Delivery.Settings(o.outboxTopic(), o.positionsTopic(), applicationId + "-ssf",
                o.outboxRetention(), o.pollWait(), self.orElse(""));
        // Off the stream thread that reports the state: delivery opens clients of its own.
        worker.firstRunning().thenRunAsync(() -> wiring.deliver(client, settings, push, metrics), timer);
        return wiring;
    }

    private void deliver(Properties client, Delivery.Settings settings, PushLane.Context push, Metrics metrics) {
        synchronized (delivery) {
            if (closed) {
                return;
            }
            Delivery d = new Delivery(client, settings, store, push).start();
            delivery.set(d);
            // One snapshot every few seconds, which the gauges read: a scrape does not walk every queue.
            AtomicReference<Map<String, StreamQueues.Stats>> last = new AtomicReference<>(Map.of());
            timer.scheduleAtFixedRate(() -> {
                last.set(d.stats());
                last.get().keySet().forEach(stream -> metrics.ssfOldest(stream, s -> Optional.ofNullable(last.get().get(s))
                        .flatMap(StreamQueues.Stats::oldestAge).map(a -> a.toMillis() / 1000.0).orElse(0.0)));
            }, 1, 5, TimeUnit.SECONDS);
        }
        log.info("Shared Signals transmitter {} delivering", issuer);
    }

    String issuer() {
        return issuer;
    }

    /** The transmitter's HTTP routes; polls are answered once delivery runs (503 before). */
    SsfRoutes routes(Authenticator auth, Forwarder forwarder) {
        return new SsfRoutes(auth, new SsfRoutes.Transmitter(issuer, keys, service, store,
                () -> Optional.ofNullable(delivery.get()), options.pollMaxEvents(), options.pollWait(),
                options.scopeClaim(), options.tenantClaim()), forwarder);
    }

    @Override
    public void close() {
        synchronized (delivery) {
            closed = true;
            Delivery d = delivery.get();
            if (d != null) {
                d.close();
            }
        }
        timer.shutdownNow();
        signer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
