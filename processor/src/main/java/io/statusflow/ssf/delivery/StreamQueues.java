package io.statusflow.ssf.delivery;

import io.statusflow.client.Placement;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamService;
import io.statusflow.ssf.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * The queues of the streams whose outbox partitions this instance holds, and what happens to them:
 * SETs offered as the outbox is read, partitions taken and given up, and a tick that applies
 * stream status changes, retention and positions. No Kafka client: the outbox reader drives it, and
 * a test drives it with a clock.
 *
 * <p>A partition taken is <em>replaying</em> until the reader has read it up to where it ended when
 * taken; until then its queues may miss SETs that are still waiting, and polls wait for the replay.
 */
public final class StreamQueues {

    /** Makes a push stream's lane; {@code open} says, under the queue's monitor, whether it sends now. */
    public interface Lanes {
        PushLane open(StreamRecord stream, StreamQueue queue, PushLane.Listener listener, BooleanSupplier open);
    }

    /** A stream's waiting SETs, as metrics show them. */
    public record Stats(int waiting, Optional<Duration> oldestAge) {}

    private final StreamService.Store streams;
    private final PositionLog positions;
    private final Lanes lanes;
    private final PushLane.Listener listener;
    private final Clock clock;
    /** How often a push stream's position is written as its SETs are delivered. */
    static final Duration KEEP_EVERY = Duration.ofMillis(100);
    private final Duration retention;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> owned = new ConcurrentHashMap<>();
    private volatile int partitions;

    public StreamQueues(StreamService.Store streams, PositionLog positions, Lanes lanes, PushLane.Listener listener,
            Clock clock, Duration retention) {
        this.streams = streams;
        this.positions = positions;
        this.lanes = lanes;
        this.listener = listener;
        this.clock = clock;
        this.retention = retention;
    }

    /** The outbox's partition count, once known. */
    public void partitions(int count) {
        partitions = count;
    }

    /** The outbox partition of a stream's SETs; -1 while the partition count is not known. */
    public int partitionOf(String streamId) {
        int n = partitions;
        return n == 0 ? -1 : Placement.owner(streamId.getBytes(StandardCharsets.UTF_8), n);
    }

    /**
     * A partition taken, replaying until {@link #caughtUp}. The positions must be current.
     *
     * @return the outbox offset to read it from: the earliest position of its streams; empty for its beginning
     */
    public Optional<Long> taken(int partition) {
        owned.put(partition, new CompletableFuture<>());
        long from = Long.MAX_VALUE;
        for (StreamRecord s : streams.all()) {
            if (partitionOf(s.stream().id()) == partition) {
                Optional<StreamQueue.Position> p = positions.get(s.stream().id());
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                from = Math.min(from, p.get().offset());
            }
        }
        return from == Long.MAX_VALUE ? Optional.empty() : Optional.of(from);
    }

    /** The partition's replay has reached where the partition ended when taken. */
    public void caughtUp(int partition) {
        CompletableFuture<Void> replay = owned.get(partition);
        if (replay != null) {
            replay.complete(null);
        }
    }

    public boolean owns(int partition) {
        return partition >= 0 && owned.containsKey(partition);
    }

    /** Done once the partition is replayed, or given up; null when not held. */
    CompletableFuture<Void> replayed(int partition) {
        return partition < 0 ? null : owned.get(partition);
    }

    /** Partitions given up: their positions are kept, their lanes stopped, their queues and polls let go. */
    public void released(Collection<Integer> revoked) {
        for (int partition : revoked) {
            CompletableFuture<Void> replay = owned.remove(partition);
            if (replay != null) {
                replay.complete(null);
            }
            for (var it = held.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (partitionOf(e.getKey()) == partition) {
                    List<CompletableFuture<Void>> waiting;
                    synchronized (e.getValue().queue) {
                        if (e.getValue().lane != null) {
                            e.getValue().lane.stop();
                        }
                        keep(e.getKey(), e.getValue().queue);
                        waiting = e.getValue().takeWaiting();
                    }
                    Held.wake(waiting);
                    it.remove();
                }
            }
        }
        positions.flush();
    }

    /** A SET read from the outbox at {@code offset}; one of a deleted stream goes nowhere. */
    public void offer(String streamId, long offset, Queued set, Instant readAt) {
        Held h = held.computeIfAbsent(streamId, id -> streams.get(id).map(rec -> new Held(
                new StreamQueue(positions.get(id).orElse(new StreamQueue.Position(offset, Set.of()))), rec)).orElse(null));
        if (h == null) {
            return;
        }
        boolean queued;
        List<CompletableFuture<Void>> ready = List.of();
        synchronized (h.queue) {
            // A disabled stream's SETs are queued all the same, never sent, and dropped at the next tick
            // unless a stop notice follows them: the status may be read here before the outbox is.
            queued = h.queue.offer(new StreamQueue.Entry(offset, set, readAt));
            if (queued) {
                ready = h.takeWaiting();
                listener.queued(streamId);
            }
        }
        // Outside the queue's monitor: a waiting poll answers from the queue as soon as it completes.
        Held.wake(ready);
        if (queued) {
            lane(h).ifPresent(PushLane::wake);
        }
    }

    /**
     * Statuses and deliveries as the streams store says now, retention, and positions to keep.
     *
     * @param nextOffset the reader's next outbox offset for a stream's partition: where a disabled stream resumes
     */
    public void tick(ToLongFunction<String> nextOffset) {
        Instant now = clock.instant();
        List<String> gone = new ArrayList<>();
        for (var e : held.entrySet()) {
            Held h = e.getValue();
            Optional<StreamRecord> current = streams.get(e.getKey());
            if (current.isEmpty()) {
                gone.add(e.getKey());
            }
            synchronized (h.queue) {
                if (current.isEmpty() || current.get().status() == StreamStatus.disabled) {
                    dropped(e.getKey(), h.queue.clear(nextOffset.applyAsLong(e.getKey())).count());
                }
                if (current.isPresent()) {
                    boolean changed = !current.get().equals(h.record);
                    h.record = current.get();
                    if (changed && h.lane != null) {
                        h.lane.stop();
                        h.lane = null;
                    }
                }
                dropped(e.getKey(), h.queue.expire(now, retention).count());
                keep(e.getKey(), h.queue);
            }
            lane(h).ifPresent(PushLane::wake);
        }
        for (String id : gone) {
            held.remove(id);
            positions.forget(id);
        }
    }

    /** The queue of a poll stream this instance holds, made when first asked for. */
    Held hold(StreamRecord stream) {
        return held.computeIfAbsent(stream.stream().id(), id -> new Held(
                new StreamQueue(positions.get(id).orElse(StreamQueue.Position.start())), stream));
    }

    /** Writes the queue's position when it moved; the caller holds the queue's monitor. */
    Optional<Future<?>> keep(String streamId, StreamQueue queue) {
        return positions.keep(streamId, queue.position());
    }

    /**
     * Whether a stream's SETs go out now: it is enabled, or someone else stopped it and the notice
     * saying so still waits. The caller holds the queue's monitor.
     */
    static boolean delivering(StreamRecord record, StreamQueue queue) {
        return record.status().delivers() || queue.draining();
    }

    /** How many SETs wait for each stream this instance holds, and the age of each one's oldest. */
    public Map<String, Stats> stats() {
        Map<String, Stats> out = new HashMap<>();
        Instant now = clock.instant();
        held.forEach((id, h) -> {
            synchronized (h.queue) {
                out.put(id, new Stats(h.queue.size(), h.queue.oldestAge(now)));
            }
        });
        return out;
    }

    private void dropped(String streamId, int count) {
        if (count > 0) {
            listener.dropped(streamId, count);
        }
    }

    /** The push lane of a delivering push stream, made when first needed. */
    private Optional<PushLane> lane(Held h) {
        synchronized (h.queue) {
            if (!h.record.stream().delivery().isPush() || !delivering(h.record, h.queue)) {
                return Optional.empty();
            }
            if (h.lane == null) {
                h.lane = lanes.open(h.record, h.queue, new Keeping(h), () -> delivering(h.record, h.queue));
            }
            return Optional.of(h.lane);
        }
    }

    /**
     * The outer listener, after keeping the position that a delivered or refused SET moved: at most
     * every {@link #KEEP_EVERY}, and at each tick. A crash in between sends those SETs again, with
     * their jtis; writing each would cost a record per SET, a large one behind a stuck subject.
     */
    private final class Keeping implements PushLane.Listener {
        private final Held h;
        private Instant kept = Instant.MIN;

        Keeping(Held h) {
            this.h = h;
        }

        private void moved(String id) {
            synchronized (h.queue) {
                Instant now = clock.instant();
                if (!now.isBefore(kept.plus(KEEP_EVERY))) {
                    kept = now;
                    keep(id, h.queue);
                }
            }
        }

        @Override
        public void delivered(String id, String jti) {
            moved(id);
            listener.delivered(id, jti);
        }

        @Override
        public void refused(String id, String jti, String err) {
            moved(id);
            listener.refused(id, jti, err);
        }

        @Override
        public void retried(String id, String jti, Duration after, String why) {
            listener.retried(id, jti, after, why);
        }
    }
}
