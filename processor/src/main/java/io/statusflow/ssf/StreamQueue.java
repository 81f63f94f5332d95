package io.statusflow.ssf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One stream's SETs between the outbox and its receiver: in outbox order, each kept until the
 * receiver acknowledges it (a poll's ack, a push's 2xx) or refuses it for good, or until it is older
 * than the retention. A push stream sends several at a time, in order per subject ({@link PushOrder}).
 * A poll returns the oldest unacknowledged ones, again and again until they are acknowledged.
 *
 * <p>Its {@link Position} is what must survive a crash: the outbox offset of the first SET not yet
 * done, and the jtis past it that are done. Replaying the outbox from there, skipping those jtis,
 * gives the same queue: nothing lost, a SET sent again at most (with its same jti).
 */
public final class StreamQueue {

    /** A SET as read from the outbox at {@code offset}. */
    public record Entry(long offset, Queued set, Instant queuedAt) {}

    /** Where the queue stands, to keep in the positions topic. */
    public record Position(long offset, Set<String> doneJtis) {
        public Position {
            doneJtis = Set.copyOf(doneJtis);
        }

        /** A stream nothing was read for yet. */
        public static Position start() {
            return new Position(0, Set.of());
        }
    }

    /** What a call dropped: expired by retention, or dropped because the stream was disabled. */
    public record Dropped(int count) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    /** Done jtis past the position, by outbox offset; a restored one is at MAX_VALUE until replay meets it. */
    private final Map<String, Long> done = new HashMap<>();
    private long position;
    private long next;
    /** How many stop notices wait, so that asking costs nothing however long the queue. */
    private int notices;

    public StreamQueue(Position from) {
        this.position = from.offset();
        this.next = from.offset();
        from.doneJtis().forEach(j -> done.put(j, Long.MAX_VALUE));
    }

    /**
     * Takes a SET read from the outbox. One before the position, or already done, is skipped: after a
     * restart the outbox is replayed from the earliest position of the partition's streams.
     *
     * @return whether it was queued
     */
    public boolean offer(Entry e) {
        if (e.offset() < position) {
            return false;
        }
        next = Math.max(next, e.offset() + 1);
        if (done.containsKey(e.set().jti())) {
            done.put(e.set().jti(), e.offset());
            compact();
            return false;
        }
        entries.addLast(e);
        if (e.set().stops()) {
            notices++;
        }
        return true;
    }

    /**
     * The oldest SETs not done, at most {@code max}: a poll's answer, or the push in flight ({@code max}
     * 1). It ends at a stop notice, so that what follows one is held once it is done.
     */
    public List<Entry> head(int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, entries.size()));
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && out.size() < max; ) {
            Entry e = it.next();
            out.add(e);
            if (e.set().stops()) {
                break;
            }
        }
        return out;
    }

    /** The SETs not done, oldest first, to read under the queue's monitor. */
    public Iterable<Entry> waiting() {
        return java.util.Collections.unmodifiableCollection(entries);
    }

    /** How many SETs past the position are done: the position keeps each of their jtis. */
    public int doneAhead() {
        return done.size();
    }

    /** Whether a stop notice waits: a stream someone else paused or disabled delivers until it is done. */
    public boolean draining() {
        return notices > 0;
    }

    /** Whether SETs wait beyond the first {@code n}. */
    public boolean moreThan(int n) {
        return entries.size() > n;
    }

    /**
     * The receiver is done with these: acknowledged, delivered, or refused for good. Unknown jtis
     * (already done, or never here) are ignored: a receiver may acknowledge twice.
     *
     * @return how many of them were waiting
     */
    public int done(Iterable<String> jtis) {
        return doneJtis(jtis).size();
    }

    /** As {@link #done}, returning the jtis that were waiting. */
    public List<String> doneJtis(Iterable<String> jtis) {
        Set<String> asked = new HashSet<>();
        jtis.forEach(asked::add);
        List<String> found = new ArrayList<>();
        // Done ones are mostly near the head: stop once all are found rather than walk a long queue.
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && found.size() < asked.size(); ) {
            Entry e = it.next();
            if (asked.contains(e.set().jti())) {
                it.remove();
                forgotten(e);
                done.put(e.set().jti(), e.offset());
                found.add(e.set().jti());
            }
        }
        compact();
        return found;
    }

    /** Drops the SETs queued before {@code now - retention}, oldest first. */
    public Dropped expire(Instant now, Duration retention) {
        Instant cut = now.minus(retention);
        int n = 0;
        while (!entries.isEmpty() && entries.peekFirst().queuedAt().isBefore(cut)) {
            Entry e = entries.removeFirst();
            forgotten(e);
            done.put(e.set().jti(), e.offset());
            n++;
        }
        compact();
        return new Dropped(n);
    }

    /**
     * A disabled stream drops what it holds, but a stop from someone else takes effect where its
     * notice stands: what was queued before the last notice, and the notice, still go out. Only SETs
     * of later events come once it is enabled.
     */
    public Dropped clear(long nextOffset) {
        List<Entry> kept = new ArrayList<>();
        List<Entry> all = new ArrayList<>(entries);
        int last = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).set().stops()) {
                last = i;
            }
        }
        kept.addAll(all.subList(0, last + 1));
        for (Entry e : all.subList(last + 1, all.size())) {
            done.put(e.set().jti(), e.offset());
        }
        entries.clear();
        entries.addAll(kept);
        if (entries.isEmpty()) {
            done.clear();
            next = Math.max(next, nextOffset);
            position = Math.max(position, next);
        }
        compact();
        return new Dropped(all.size() - kept.size());
    }

    /** How long the oldest waiting SET has waited; empty when none waits. */
    public Optional<Duration> oldestAge(Instant now) {
        return entries.isEmpty() ? Optional.empty() : Optional.of(Duration.between(entries.peekFirst().queuedAt(), now));
    }

    public int size() {
        return entries.size();
    }

    /** The position to keep: the first SET not done, and the done ones past it. */
    public Position position() {
        return new Position(position, done.keySet());
    }

    private void forgotten(Entry e) {
        if (e.set().stops()) {
            notices--;
        }
    }

    /** The position moves to the first waiting SET (or past everything read); done jtis before it are forgotten. */
    private void compact() {
        position = Math.max(position, entries.isEmpty() ? next : entries.peekFirst().offset());
        done.values().removeIf(offset -> offset < position);
    }
}
