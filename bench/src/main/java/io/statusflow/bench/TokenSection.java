package io.statusflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.testkit.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Verified actors' cost: statusflow in token mode beside trusted mode on the same commands, in
 * one run, alternated (trusted, token, trusted, token). Both inputs are the throughput mix with
 * one actor for every command, a provisioner (a platform-admin service), so that both modes decide
 * every command alike: the trusted input names it in each command, the token input names no actor
 * and carries the provisioner's one token in an authorization header, as a provisioner sends.
 */
final class TokenSection {

    static final String TRUSTED = "tok.trusted";
    static final String TOKEN = "tok.token";
    static final String SECRET = "a-benchmark-secret-of-at-least-32-bytes";
    private static final int PAIRS = 2;

    private final Benchmark.Bench bench;

    TokenSection(Benchmark.Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Kafka kafka = bench.kafka();
        kafka.create(List.of(TRUSTED, TOKEN), Map.of("message.timestamp.type", "LogAppendTime"));
        String authorization = "Bearer " + token();
        ObjectMapper json = new ObjectMapper();
        ObjectNode provisioner = (ObjectNode) json.readTree(Mix.PLATFORM);
        Mix mix = new Mix(bench.scaled(ThroughputSection.TENANTS), bench.scaled(ThroughputSection.ENTITIES), bench.seed());
        Mix.Counts counts;
        try (KafkaProducer<String, byte[]> producer = kafka.bulkProducer()) {
            java.util.function.BiConsumer<String, byte[]> both = (key, value) -> {
                byte[] trusted = value;
                byte[] token = value;
                try {
                    JsonNode n = json.readTree(value);
                    if (n instanceof ObjectNode o) {
                        trusted = json.writeValueAsBytes(o.deepCopy().set("actor", provisioner));
                        o.remove("actor");
                        token = json.writeValueAsBytes(o);
                    }
                } catch (java.io.IOException e) {
                    // garbage stays garbage in both inputs
                }
                kafka.send(producer, new ProducerRecord<>(TRUSTED, key, trusted));
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOKEN, key, token);
                r.headers().add("authorization", authorization.getBytes(StandardCharsets.UTF_8));
                kafka.send(producer, r);
            };
            long registers = mix.registers(both);
            counts = mix.statusPhase(bench.scaled(ThroughputSection.COMMANDS), registers, both);
        }
        kafka.checkDelivered();
        long[] marks = {counts.registers(), counts.results()};
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            double[] trusted = measure(new Workers.Run("tok-trusted-" + i, TRUSTED), marks, counts);
            double[] token = measure(new Workers.Run("tok-token-" + i, TOKEN), marks, counts, "--command-auth", "token",
                    "--jwt-secret", SECRET);
            if (trusted[2] != token[2]) {
                bench.table().note("MISMATCH in pair " + (i + 1) + ": " + (long) trusted[2] + " events trusted, " + (long) token[2]
                        + " with tokens: the modes decided differently");
            }
            ratios.add(token[0] / trusted[0]);
            bench.table().add("tokens", "pair " + (i + 1) + ": trusted / token commands/s (worker CPU µs per command)",
                    String.format("%,.0f (%.0f) / %,.0f (%.0f): %.2f", trusted[0], trusted[1], token[0], token[1],
                            token[0] / trusted[0]), "");
        }
        double median = BaselineSection.median(ratios);
        bench.table().add("tokens", "token mode's throughput, median of the pairs' ratios to trusted mode",
                String.format("%.2f", median), ">= 0.85");
        bench.table().note(String.format("tokens input: %,d commands, one HS256 provisioner token for all of them",
                counts.total()));
    }

    /** commands/s, the worker's CPU µs per command and the events of one run; its results are checked against the mix. */
    private double[] measure(Workers.Run run, long[] marks, Mix.Counts counts, String... extra) throws Exception {
        Kafka.Span span;
        double cpuMicros;
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 50, extra)) {
            long before = w.cpu().toNanos();
            span = bench.kafka().await(run.results(), marks, Duration.ofHours(1), Workers.alive(w));
            cpuMicros = (w.cpu().toNanos() - before) / 1e3 / counts.total();
            w.terminate();
        }
        long results = bench.kafka().countAll(run.results(), Duration.ofSeconds(2));
        if (results != counts.results()) {
            bench.table().note("MISMATCH in " + run.name() + ": " + results + " results, " + counts.results() + " expected");
        }
        long events = bench.kafka().countAll(run.events(), Duration.ofSeconds(2));
        bench.workers().discard(run);
        return new double[] {span.perSecond(), cpuMicros, events};
    }

    /** The provisioner's HS256 token (a platform-admin service), signed with {@link #SECRET}. */
    static String token() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("provisioner")
                .claim("roles", List.of("platform-admin")).claim("actor_type", "service")
                .expirationTime(new Date(System.currentTimeMillis() + 24 * 3600_000L)).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
