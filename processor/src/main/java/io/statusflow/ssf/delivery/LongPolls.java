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

    public LongPolls(StreamQueues queues, Signer signer, PushLane.Listener listener, Clock clock, Duration wait) {
        this.queues = queues;
        this.signer = signer;
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
        synchronized (h.queue) {
            if (!replayed || request.maxEvents() == 0 || !StreamQueues.delivering(stream, h.queue) || h.queue.size() > 0
                    || request.returnImmediately()) {
                return CompletableFuture.completedFuture(answer(stream, h, request.maxEvents(), replayed));
            }
            arrival = new CompletableFuture<>();
            h.waiting.add(arrival);
        }
        return arrival.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).thenApply(x -> {
            synchronized (h.queue) {
                h.waiting.remove(arrival);
                return answer(stream, h, request.maxEvents(), true);
            }
        });
    }

    /** The oldest SETs, signed now; {@code moreAvailable} also while a replay may still bring some. */
    private Map<String, Object> answer(StreamRecord stream, Held h, int max, boolean replayed) {
        if (!StreamQueues.delivering(stream, h.queue)) {
            return PollRequest.answer(Map.of(), false);
        }
        if (max == 0) {
            return PollRequest.answer(Map.of(), !replayed || h.queue.size() > 0);
        }
        Map<String, String> sets = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (StreamQueue.Entry e : h.queue.head(max)) {
            sets.put(e.set().jti(), signer.sign(e.set(), stream.stream().audience(), now));
        }
        // Past a stop notice nothing is due until the stream is enabled again.
        boolean more = h.queue.moreThan(sets.size()) && stream.status().delivers();
        return PollRequest.answer(sets, more || !replayed);
    }
}
