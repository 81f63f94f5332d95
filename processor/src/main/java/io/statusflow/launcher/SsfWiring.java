package io.statusflow.launcher;

import io.statusflow.http.SsfRoutes;
import io.statusflow.ssf.delivery.Delivery;
import io.statusflow.ssf.OutboxSettings;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.delivery.PushLane;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.SsfOptions;
import io.statusflow.ssf.StreamRequests;
import io.statusflow.ssf.StreamService;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shared Signals transmitter put together: its keys, the streams store and outbox on Kafka,
 * stream management, and delivery, which starts once the worker runs (it reads streams from the
 * worker's global store).
 */
final class SsfWiring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SsfWiring.class);

    private final String issuer;
    private final OutboxSettings outbox;
    private final SsfRoutes routes;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Delivery> delivery;
    private final Thread starter;

    private SsfWiring(String issuer, OutboxSettings outbox, SsfRoutes routes, KafkaProducer<String, byte[]> producer,
            ScheduledExecutorService timer, Thread starter, AtomicReference<Delivery> delivery) {
        this.delivery = delivery;
        this.issuer = issuer;
        this.outbox = outbox;
        this.routes = routes;
        this.producer = producer;
        this.timer = timer;
        this.starter = starter;
    }

    /**
     * @param keyDir where the try-it mode keeps the key it makes
     * @param worker the worker once it exists; delivery starts when it runs
     */
    static SsfWiring start(SsfOptions o, int httpPort, Path keyDir, Properties streamsProps, String applicationId,
            io.statusflow.auth.Authenticator auth, Supplier<Worker> worker, Metrics metrics,
            io.statusflow.http.Forwarder forwarder, boolean https) throws UsageException {
        String issuer = o.issuer().orElse((https ? "https" : "http") + "://localhost:" + httpPort);
        SigningKeys keys;
        try {
            keys = o.signingKey().isPresent() ? SigningKeys.read(o.signingKey().get())
                    : SigningKeys.readOrCreate(keyDir.resolve("ssf-signing-key.jwk"));
        } catch (SigningKeys.Invalid e) {
            throw new UsageException("invalid value for " + Setting.SSF_SIGNING_KEY.option() + ": " + e.getMessage());
        }
        Set<String> known = new HashSet<>(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Properties client = ClientProps.only(streamsProps, known);
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        KafkaStreamStore store = new KafkaStreamStore(() -> Optional.ofNullable(worker.get()).map(Worker::streams)
                .orElse(null), producer, o.streamsTopic());
        StreamService.Outbox queue = set -> {
            try {
                producer.send(new ProducerRecord<>(o.outboxTopic(), set.streamId(), set.bytes())).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot queue a SET: " + e.getMessage(), e);
            }
        };
        PushEndpoints endpoints = new PushEndpoints(o.allowInsecurePush());
        StreamService service = new StreamService(issuer, new StreamRequests(issuer, o.minVerificationInterval(), endpoints),
                store, queue, o.maxStreams(), o.minVerificationInterval(), Clock.systemUTC(), StreamRequests::newStreamId);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "statusflow-ssf-timer");
            t.setDaemon(true);
            return t;
        });
        PushLane.Listener listener = new PushLane.Listener() {
            @Override
            public void delivered(String stream, String jti) {
                metrics.ssfSet(stream, "delivered");
            }

            @Override
            public void refused(String stream, String jti, String err) {
                metrics.ssfSet(stream, "refused");
                log.warn("stream {}: the receiver refused SET {} for good ({})", stream, jti, err);
            }

            @Override
            public void retried(String stream, String jti, Duration after, String why) {
                metrics.ssfSet(stream, "retried");
            }

            @Override
            public void queued(String stream) {
                metrics.ssfSet(stream, "queued");
            }

            @Override
            public void dropped(String stream, int count) {
                for (int i = 0; i < count; i++) {
                    metrics.ssfSet(stream, "dropped");
                }
                log.warn("stream {}: {} SETs dropped undelivered (retention, or the stream was disabled or deleted)",
                        stream, count);
            }
        };
        PushLane.Context push = new PushLane.Context(issuer, keys,
                HttpClient.newBuilder().connectTimeout(o.pushTimeout()).followRedirects(HttpClient.Redirect.NEVER).build(),
                endpoints, o.pushTimeout(), Duration.ofSeconds(1), o.pushRetryMax(), timer, RandomGenerator.getDefault(),
                Clock.systemUTC(), listener);
        AtomicReference<Delivery> delivery = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                while (worker.get() == null || !worker.get().isRunning()) {
                    Thread.sleep(100);
                }
                Delivery d = new Delivery(client, new Delivery.Settings(o.outboxTopic(), o.positionsTopic(),
                        applicationId + "-ssf", o.outboxRetention(), o.pollWait(),
                        streamsProps.getProperty("application.server")), store, push).start();
                delivery.set(d);
                // One snapshot every few seconds, which the gauges read: a scrape does not walk every queue.
                AtomicReference<java.util.Map<String, io.statusflow.ssf.delivery.StreamQueues.Stats>> last = new AtomicReference<>(java.util.Map.of());
                timer.scheduleAtFixedRate(() -> {
                    last.set(d.stats());
                    last.get().keySet().forEach(stream -> metrics.ssfOldest(stream, s -> Optional.ofNullable(last.get().get(s))
                            .flatMap(io.statusflow.ssf.delivery.StreamQueues.Stats::oldestAge).map(a -> a.toMillis() / 1000.0).orElse(0.0)));
                }, 1, 5, TimeUnit.SECONDS);
                log.info("Shared Signals transmitter {} delivering", issuer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "statusflow-ssf-start");
        starter.setDaemon(true);
        starter.start();
        SsfRoutes routes = new SsfRoutes(auth, new SsfRoutes.Transmitter(issuer, keys, service, store,
                () -> Optional.ofNullable(delivery.get()), o.pollMaxEvents(), o.pollWait(), o.scopeClaim(), o.tenantClaim()),
                forwarder);
        return new SsfWiring(issuer, o.outbox(issuer), routes, producer, timer, starter, delivery);
    }

    String issuer() {
        return issuer;
    }

    OutboxSettings outbox() {
        return outbox;
    }

    SsfRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        starter.interrupt();
        Delivery d = delivery.get();
        if (d != null) {
            d.close();
        }
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
