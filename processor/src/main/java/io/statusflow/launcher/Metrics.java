package io.statusflow.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statusflow.topology.CommandObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/** Prometheus metrics: commands by outcome and code, processing latency, and Kafka Streams' own metrics. */
final class Metrics implements CommandObserver, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer processing = Timer.builder("statusflow.command.processing")
            .description("From reading a command to forwarding its result, in the stream thread")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(1))
            .register(registry);
    /** One counter per answer kind, built once: building and registering one per command showed in the profile. */
    private final Map<Answer, Counter> answers = new ConcurrentHashMap<>();
    /** Rerouted commands by the partition they arrived on. */
    private final Map<Integer, Counter> rerouted = new ConcurrentHashMap<>();
    private KafkaStreamsMetrics streamsMetrics;

    private record Answer(String outcome, int code, boolean duplicate) {}

    @Override
    public void answered(String outcome, int code, boolean duplicate, long nanos) {
        answers.computeIfAbsent(new Answer(outcome, code, duplicate), a -> Counter.builder("statusflow.commands")
                .description("Commands answered")
                .tag("outcome", a.outcome()).tag("code", Integer.toString(a.code()))
                .tag("duplicate", Boolean.toString(a.duplicate()))
                .register(registry)).increment();
        processing.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rerouted(int fromPartition, int toPartition) {
        rerouted.computeIfAbsent(fromPartition, p -> Counter.builder("statusflow.commands.rerouted")
                .description("Commands that arrived on a partition that does not own their tenant (a producer with"
                        + " another partitioner) and were forwarded to the one that does")
                .tag("partition", Integer.toString(p))
                .register(registry)).increment();
    }

    void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }

    private final Map<List<String>, Counter> ssfSets = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Gauge> ssfOldest = new ConcurrentHashMap<>();

    /** A Shared Signals SET of a stream: queued, delivered, refused, retried or dropped. */
    public void ssfSet(String stream, String outcome) {
        ssfSets.computeIfAbsent(List.of(stream, outcome), k -> Counter.builder("statusflow.ssf.sets")
                .description("Shared Signals SETs by stream and what became of them")
                .tag("stream", stream).tag("outcome", outcome).register(registry)).increment();
    }

    /** The age of a stream's oldest undelivered SET (0 when none waits), as {@code age} tells it at each scrape. */
    public void ssfOldest(String stream, java.util.function.ToDoubleFunction<String> age) {
        ssfOldest.computeIfAbsent(stream, s -> io.micrometer.core.instrument.Gauge
                .builder("statusflow.ssf.oldest.undelivered.seconds", s, age)
                .description("Age of each Shared Signals stream's oldest undelivered SET").tag("stream", s)
                .register(registry));
    }
}
