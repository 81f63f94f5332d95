package io.statusflow.bench;

import io.statusflow.client.StatusCommand;
import io.statusflow.client.StatusCommands;
import io.statusflow.schema.EntityType;
import io.statusflow.testkit.Ports;
import io.statusflow.testkit.WorkerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A command's round trip as an admin API sees it, submit to result, at a fixed offered rate: through
 * the client library's StatusCommands, and through the worker's HTTP API (POST /v1/commands), one
 * after the other on the same worker, each after a warm-up. Every command toggles one of 1,000
 * clients of the phase's own tenant, so each is applied and has one event.
 */
final class RequestReplySection {

    private static final int CLIENTS = 1_000;

    private final Benchmark.Bench bench;
    private final double rate;
    private final int seconds;

    RequestReplySection(Benchmark.Bench bench, double rate, int seconds) {
        this.bench = bench;
        this.rate = rate;
        this.seconds = seconds;
    }

    void run() throws Exception {
        Workers.Run run = new Workers.Run("rr", "rr.commands");
        bench.kafka().create(List.of(run.input()), java.util.Map.of("message.timestamp.type", "LogAppendTime"));
        int port = Ports.freePair();
        Properties props = new Properties();
        props.put("bootstrap.servers", bench.kafka().bootstrap());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String authorization = "Bearer " + TokenSection.token();
        try (WorkerProcess w = bench.workers().statusflow(run, "exactly_once_v2", 50, "--http-port", Integer.toString(port),
                "--jwt-secret", TokenSection.SECRET).awaitReady();
                StatusCommands commands = StatusCommands.builder(props).commandsTopic(run.input()).resultsTopic(run.results())
                        .actor(StatusCommand.Actor.service("provisioner", "platform-admin")).build()) {
            for (String tenant : List.of("rr-warm", "rr-client", "rr-http")) {
                commands.submit(StatusCommand.registerTenant(tenant)).get(60, TimeUnit.SECONDS);
                List<CompletableFuture<?>> registered = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    registered.add(commands.submit(StatusCommand.register(tenant, EntityType.client, "c" + i)
                            .withStatus(io.statusflow.schema.Status.active)));
                }
                CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            }
            Function<StatusCommand, CompletableFuture<?>> viaClient = commands::submit;
            Function<StatusCommand, CompletableFuture<?>> viaHttp = c -> http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/v1/commands")).header("Authorization", authorization)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(c.toJson())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                        }
                        return r;
                    });
            offer("rr-warm", viaClient, seconds / 2);
            offer("rr-warm", viaHttp, seconds / 2);
            Latencies client = offer("rr-client", viaClient, seconds);
            Latencies overHttp = offer("rr-http", viaHttp, seconds);
            String load = String.format("%,.0f commands/s for %d s", rate, seconds);
            bench.table().add("request-reply", "StatusCommands, submit to result, " + load, client.summary(), "p99 <= the HTTP API's");
            bench.table().add("request-reply", "HTTP API, POST /v1/commands to its answer, " + load, overHttp.summary(), "");
            w.terminate();
        }
        bench.workers().discard(run);
    }

    /** Offers toggles of the tenant's clients at the rate for {@code secs}; the round trips of those answered. */
    private Latencies offer(String tenant, Function<StatusCommand, CompletableFuture<?>> send, int secs) throws Exception {
        Latencies latencies = new Latencies();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        // Whole rounds over the clients, so that the next phase on this tenant knows each client's state.
        long n = (long) Math.ceil(rate * secs / CLIENTS) * CLIENTS;
        int[] failures = {0};
        for (long i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id = "c" + (i % CLIENTS);
            boolean off = (i / CLIENTS) % 2 == 0 ^ round(tenant) % 2 == 1;
            StatusCommand c = off ? StatusCommand.deactivate(tenant, EntityType.client, id) : StatusCommand.activate(tenant, EntityType.client, id);
            long sent = System.nanoTime();
            all.add(send.apply(c).whenComplete((r, e) -> {
                synchronized (latencies) {
                    if (e == null) {
                        latencies.add(System.nanoTime() - sent);
                    } else {
                        failures[0]++;
                    }
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(2, TimeUnit.MINUTES);
        rounds.merge(tenant, (int) ((n + CLIENTS - 1) / CLIENTS), Integer::sum);
        if (failures[0] > 0) {
            bench.table().note(failures[0] + " commands of " + tenant + " failed");
        }
        return latencies;
    }

    /** Rounds of toggles each tenant has had, so that the next phase on it toggles its clients back. */
    private final java.util.Map<String, Integer> rounds = new java.util.HashMap<>();

    private int round(String tenant) {
        return rounds.getOrDefault(tenant, 0);
    }
}
