package io.statusflow.ssf.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.ssf.PushEndpoints;
import io.statusflow.ssf.PushOrder;
import io.statusflow.ssf.PushOutcome;
import io.statusflow.ssf.Refused;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.Stream;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Pushes one stream's SETs (RFC 8935): up to its concurrency in flight, oldest first, in order per
 * subject ({@link PushOrder}). Each is signed when sent, on the signing executor, so that signing
 * overlaps the round trips. A refused one is dropped; any other failure sends the same SET (same
 * jti) again after a growing, jittered wait, holding back only its subject's later SETs. Requests
 * are asynchronous and time out, so a slow or dead receiver holds only its own stream, never a
 * thread or another stream.
 */
public final class PushLane {

    /**
     * The most SETs past the oldest unfinished one that may be done: the position keeps each of
     * their jtis, so a SET stuck for long holds the whole stream once this many passed it.
     */
    public static final int MAX_DONE_AHEAD = 10_000;

    /** What happened to a stream's SETs, for metrics and logs. */
    public interface Listener {
        void delivered(String streamId, String jti);

        void refused(String streamId, String jti, String err);

        void retried(String streamId, String jti, Duration after, String why);

        /** A SET entered the stream's queue on this instance. */
        default void queued(String streamId) {}

        /** SETs left the queue undelivered: older than the retention, or the stream was disabled or deleted. */
        default void dropped(String streamId, int count) {}
    }

    /**
     * What a lane needs besides its stream: how to sign and where, where from, and its limits.
     *
     * @param concurrency the most SETs of one stream in flight
     * @param signer where SETs are signed: off the threads that answer requests
     */
    public record Context(String issuer, SigningKeys keys, HttpClient http, PushEndpoints endpoints, Duration timeout,
            Duration firstWait, Duration retryMax, int concurrency, Executor signer, ScheduledExecutorService timer,
            RandomGenerator random, Clock clock, Listener listener) {

        /** The same context, telling another listener. */
        public Context with(Listener other) {
            return new Context(issuer, keys, http, endpoints, timeout, firstWait, retryMax, concurrency, signer, timer,
                    random, clock, other);
        }
    }

    private final Stream stream;
    private final StreamQueue queue;
    private final Context ctx;
    private final java.util.function.BooleanSupplier open;
    /** Sent and not answered, or waiting to be sent again: never sent twice at once. */
    private final Set<String> unanswered = new HashSet<>();
    /** Sends so far of each unfinished SET, which sets its next wait. */
    private final Map<String, Integer> attempts = new HashMap<>();
    private int inFlight;
    private boolean stopped;

    /** A lane that always sends: its stream is enabled for as long as it lives. */
    public PushLane(Stream stream, StreamQueue queue, Context ctx) {
        this(stream, queue, ctx, () -> true);
    }

    /**
     * @param queue the stream's queue; this lane and its owner share it under the queue's monitor
     * @param open whether the stream sends now, asked under the queue's monitor before each SET: a
     *     stream someone else stopped sends until its stop notice is done, then holds
     */
    public PushLane(Stream stream, StreamQueue queue, Context ctx, java.util.function.BooleanSupplier open) {
        this.stream = stream;
        this.queue = queue;
        this.ctx = ctx;
        this.open = open;
    }

    /** Sends what may go out now, up to the stream's concurrency. */
    public void wake() {
        List<StreamQueue.Entry> next;
        Map<String, Integer> attempt = new HashMap<>();
        synchronized (queue) {
            if (stopped || !open.getAsBoolean() || inFlight >= ctx.concurrency() || queue.doneAhead() >= MAX_DONE_AHEAD) {
                return;
            }
            next = PushOrder.next(queue.waiting(), unanswered, ctx.concurrency() - inFlight);
            for (StreamQueue.Entry e : next) {
                String jti = e.set().jti();
                unanswered.add(jti);
                attempt.put(jti, attempts.merge(jti, 1, Integer::sum));
                inFlight++;
            }
        }
        for (StreamQueue.Entry e : next) {
            send(e, attempt.get(e.set().jti()));
        }
    }

    /** No more sends; those in flight are left to finish and their answers are ignored. */
    public void stop() {
        synchronized (queue) {
            stopped = true;
        }
    }

    private void send(StreamQueue.Entry entry, int attempt) {
        URI target;
        try {
            // Again at each send: the name may resolve to another address since the stream was written.
            target = ctx.endpoints().check(stream.delivery().endpointUrl());
        } catch (Refused e) {
            answered(entry, PushOutcome.of(Optional.empty(), Optional.empty(), Optional.empty(), attempt, ctx.firstWait(),
                    ctx.retryMax(), ctx.random()), "endpoint refused: " + e.getMessage());
            return;
        }
        CompletableFuture.supplyAsync(() -> request(target, entry), ctx.signer())
                .thenCompose(request -> ctx.http().sendAsync(request, BoundedBody.HANDLER))
                // The request's timeout ends at the answer's headers; this one bounds its body too.
                .orTimeout(2 * ctx.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
            if (response == null) {
                answered(entry, PushOutcome.of(Optional.empty(), Optional.empty(), Optional.empty(), attempt,
                        ctx.firstWait(), ctx.retryMax(), ctx.random()), null);
                return;
            }
            answered(entry, PushOutcome.of(Optional.of(response.statusCode()), json(response.body()),
                    retryAfter(response), attempt, ctx.firstWait(), ctx.retryMax(), ctx.random()), null);
        });
    }

    /** The SET signed now, in its request. */
    private HttpRequest request(URI target, StreamQueue.Entry entry) {
        String set = ctx.keys().sign(entry.set().claims(ctx.issuer(), stream.audience(), ctx.clock().instant()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(ctx.timeout())
                .header("Content-Type", "application/secevent+jwt").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(set, StandardCharsets.US_ASCII));
        stream.delivery().authorizationHeader().ifPresent(h -> request.header("Authorization", h));
        if ("http".equals(target.getScheme())) {
            // No h2c upgrade offer to a plain-http receiver: few support it, and offering it slows every connection.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        return request.build();
    }

    private void answered(StreamQueue.Entry entry, PushOutcome outcome, String note) {
        String jti = entry.set().jti();
        synchronized (queue) {
            inFlight--;
            if (stopped) {
                return;
            }
            if (outcome instanceof PushOutcome.Retry retry) {
                ctx.listener().retried(stream.id(), jti, retry.after(), note != null ? note : retry.why());
                ctx.timer().schedule(() -> {
                    synchronized (queue) {
                        unanswered.remove(jti);
                    }
                    wake();
                }, retry.after().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            unanswered.remove(jti);
            attempts.remove(jti);
            queue.done(List.of(jti));
        }
        if (outcome instanceof PushOutcome.Rejected rejected) {
            ctx.listener().refused(stream.id(), jti, rejected.err());
        } else {
            ctx.listener().delivered(stream.id(), jti);
        }
        wake();
    }

    private static Optional<JsonNode> json(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(body));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
