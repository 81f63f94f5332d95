package io.statusflow.ssf.delivery;

import io.statusflow.ssf.PollRequest;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.ssf.StreamRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Polls of the poll streams this instance holds (RFC 8936): acknowledgements and errors first, then
 * the oldest SETs, waiting up to the poll wait for one when there is none. A poll that comes while
 * its partition is still being replayed waits for the replay first (up to the same wait): before
 * then the queue may lack SETs that are waiting, and the answer must not say there are none.
 */
public final class LongPolls {

    /** Signs a SET for a stream's audience at a time: the keys and issuer of the transmitter. */
    public interface Signer {
        String sign(Queued set, String audience, Instant at);
    }

    /** The longest a returnImmediately poll waits for its partition's replay. */
    static final Duration IMMEDIATE_REPLAY_WAIT = Duration.ofSeconds(2);

    private final StreamQueues queues;
    private final Signer signer;
    private final PushLane.Listener listener;
    private final Clock clock;
    private final Duration wait;
    private final Executor signing;
    private final int parallelism;

    public LongPolls(StreamQueues queues, Signer signer, PushLane.Listener listener, Clock clock, Duration wait) {
        this(queues, signer, Runnable::run, 1, listener, clock, wait);
    }

    /**
     * @param signing where an answer's SETs are signed, {@code parallelism} parts at once: off the
     *     queue's monitor, so that SETs keep arriving while a large answer is signed
     */
    public LongPolls(StreamQueues queues, Signer signer, Executor signing, int parallelism, PushLane.Listener listener,
            Clock clock, Duration wait) {
        this.queues = queues;
        this.signer = signer;
        this.signing = signing;
        this.parallelism = Math.max(1, parallelism);
        this.listener = listener;
        this.clock = clock;
        this.wait = wait;
    }

    /** The answer to a poll; empty when another instance holds the stream's partition, where the caller forwards it. */
    public Optional<CompletableFuture<Map<String, Object>>> poll(StreamRecord stream, PollRequest request) {
        CompletableFuture<Void> replay = queues.replayed(queues.partitionOf(stream.stream().id()));
        if (replay == null) {
            return Optional.empty();
        }
        if (replay.isDone()) {
            return Optional.of(now(stream, request, true));
        }
        // A copy, so that this poll's timeout does not end the replay for everyone. A poll that asked to
        // return immediately waits briefly only: then it answers what is there, and that more may come.
        Duration replayWait = request.returnImmediately() && wait.compareTo(IMMEDIATE_REPLAY_WAIT) > 0
                ? IMMEDIATE_REPLAY_WAIT : wait;
        return Optional.of(replay.copy().completeOnTimeout(null, replayWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(x -> now(stream, request, replay.isDone())));
    }

    private CompletableFuture<Map<String, Object>> now(StreamRecord stream, PollRequest request, boolean replayed) {
        Held h = queues.hold(stream);
        String id = stream.stream().id();
        if (!request.ack().isEmpty() || !request.setErrs().isEmpty()) {
            Optional<Future<?>> kept;
            synchronized (h.queue) {
                h.queue.doneJtis(request.ack()).forEach(j -> listener.delivered(id, j));
                request.setErrs().forEach((j, err) -> {
                    if (!h.queue.doneJtis(List.of(j)).isEmpty()) {
                        listener.refused(id, j, err.err());
                    }
                });
                kept = queues.keep(id, h.queue);
            }
            // An acknowledgement holds once the poll answers: its position is in Kafka before then.
            try {
                if (kept.isPresent()) {
                    kept.get().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("cannot keep the acknowledgements: " + e.getMessage(), e));
            }
        }
        CompletableFuture<Void> arrival;
        Draft draft;
        synchronized (h.queue) {
            if (!replayed || request.maxEvents() == 0 || !StreamQueues.delivering(stream, h.queue) || h.queue.size() > 0
                    || request.returnImmediately()) {
                draft = draft(stream, h, request.maxEvents(), replayed);
                arrival = null;
            } else {
                draft = null;
                arrival = new CompletableFuture<>();
                h.waiting.add(arrival);
            }
        }
        if (draft != null) {
            return CompletableFuture.completedFuture(signed(stream, draft));
        }
        return arrival.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).thenApply(x -> {
            Draft d;
            synchronized (h.queue) {
                h.waiting.remove(arrival);
                d = draft(stream, h, request.maxEvents(), true);
            }
            return signed(stream, d);
        });
    }

    /** An answer's SETs, taken under the queue's monitor, and whether more wait. */
    private record Draft(List<StreamQueue.Entry> entries, boolean more) {}

    /** The oldest SETs; {@code moreAvailable} also while a replay may still bring some. The caller holds the queue's monitor. */
    private Draft draft(StreamRecord stream, Held h, int max, boolean replayed) {
        if (!StreamQueues.delivering(stream, h.queue)) {
            return new Draft(List.of(), false);
        }
        if (max == 0) {
            return new Draft(List.of(), !replayed || h.queue.size() > 0);
        }
        List<StreamQueue.Entry> entries = h.queue.head(max);
        // Past a stop notice nothing is due until the stream is enabled again.
        boolean more = h.queue.moreThan(entries.size()) && stream.status().delivers();
        return new Draft(entries, more || !replayed);
    }

    /** The answer, its SETs signed now, in parts on the signing executor when there are many. */
    private Map<String, Object> signed(StreamRecord stream, Draft d) {
        List<StreamQueue.Entry> entries = d.entries();
        String audience = stream.stream().audience();
        Instant now = clock.instant();
        String[] out = new String[entries.size()];
        int parts = Math.min(parallelism, Math.max(1, entries.size() / 32));
        List<CompletableFuture<Void>> running = new java.util.ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = p * entries.size() / parts;
            int to = (p + 1) * entries.size() / parts;
            Runnable sign = () -> {
                for (int i = from; i < to; i++) {
                    out[i] = signer.sign(entries.get(i).set(), audience, now);
                }
            };
            // The last part here: the executor only ever runs signing itself, never a task that waits on it.
            if (p == parts - 1) {
                sign.run();
            } else {
                running.add(CompletableFuture.runAsync(sign, signing));
            }
        }
        running.forEach(CompletableFuture::join);
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            sets.put(entries.get(i).set().jti(), out[i]);
        }
        return PollRequest.answer(sets, d.more());
    }
}
