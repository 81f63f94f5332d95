package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stream's queue: oldest first until done, and a position from which a replay of the outbox
 * after a crash rebuilds exactly what was still waiting.
 */
class StreamQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static StreamQueue.Entry entry(long offset, Instant at) {
        SecurityEvent e = new SecurityEvent(EventTypes.SESSION_REVOKED, Map.of("format", "opaque", "id", "x"), Map.of());
        return new StreamQueue.Entry(offset, new Queued("s", "jti-" + offset, Optional.of("e" + offset), Optional.of("acme"), e), at);
    }

    private static List<Long> offsets(List<StreamQueue.Entry> entries) {
        return entries.stream().map(StreamQueue.Entry::offset).toList();
    }

    @Test
    void sets_wait_oldest_first_until_done_and_a_poll_sees_them_again_until_then() {
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        for (long o = 0; o < 5; o++) {
            assertTrue(q.offer(entry(o, T0)));
        }
        assertEquals(List.of(0L, 1L), offsets(q.head(2)));
        assertEquals(List.of(0L, 1L), offsets(q.head(2)), "returned again until acknowledged");
        assertTrue(q.moreThan(2));
        assertEquals(2, q.done(List.of("jti-1", "jti-0", "jti-0", "unknown")));
        assertEquals(List.of(2L, 3L, 4L), offsets(q.head(10)));
        assertEquals(new StreamQueue.Position(2, Set.of()), q.position());
        q.done(List.of("jti-3"));
        assertEquals(new StreamQueue.Position(2, Set.of("jti-3")), q.position(), "acknowledged out of order: remembered");
        q.done(List.of("jti-2", "jti-4"));
        assertEquals(new StreamQueue.Position(5, Set.of()), q.position());
        assertEquals(0, q.size());
    }

    @Test
    void old_sets_expire_and_a_disabled_stream_drops_everything() {
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        q.offer(entry(0, T0));
        q.offer(entry(1, T0.plus(Duration.ofDays(2))));
        assertEquals(Optional.of(Duration.ofDays(8)), q.oldestAge(T0.plus(Duration.ofDays(8))));
        assertEquals(1, q.expire(T0.plus(Duration.ofDays(8)), Duration.ofDays(7)).count());
        assertEquals(List.of(1L), offsets(q.head(10)));
        assertEquals(1, q.clear(2).count());
        assertEquals(new StreamQueue.Position(2, Set.of()), q.position());
        assertFalse(q.offer(entry(1, T0)), "what was dropped does not come back on a replay");
        assertEquals(Optional.empty(), q.oldestAge(T0));
    }

    private static StreamQueue.Entry notice(long offset, String status) {
        StreamStatus to = StreamStatus.fromWire(status).orElseThrow();
        SecurityEvent e = StreamStatus.updated("s", to == StreamStatus.enabled ? StreamStatus.paused : StreamStatus.enabled, to,
                Optional.of("by the operator"), false).orElseThrow();
        return new StreamQueue.Entry(offset, new Queued("s", "jti-" + offset, Optional.empty(), Optional.empty(), e), T0);
    }

    @Test
    void a_stop_notice_ends_what_goes_out_and_drains_before_the_stream_stops() {
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        q.offer(entry(0, T0));
        q.offer(notice(1, "paused"));
        q.offer(entry(2, T0));
        assertTrue(q.draining());
        assertEquals(List.of(0L, 1L), offsets(q.head(10)), "what follows the notice is held");
        q.done(List.of("jti-0", "jti-1"));
        assertFalse(q.draining(), "the notice is done: the paused stream holds");
        assertEquals(List.of(2L), offsets(q.head(10)), "and sends the rest once enabled");
        assertFalse(q.offer(notice(1, "paused")), "a replay does not bring a done notice back");
        q.offer(notice(3, "enabled"));
        assertFalse(q.draining(), "being enabled is no stop");
    }

    @Test
    void a_stream_disabled_by_someone_else_stops_at_its_notice_and_a_replay_agrees() {
        StreamQueue q = new StreamQueue(StreamQueue.Position.start());
        q.offer(entry(0, T0));
        q.offer(notice(1, "disabled"));
        q.offer(entry(2, T0));
        assertEquals(1, q.clear(3).count(), "only what follows the notice is dropped");
        assertEquals(List.of(0L, 1L), offsets(q.head(10)));
        StreamQueue.Position kept = q.position();
        assertEquals(new StreamQueue.Position(0, Set.of("jti-2")), kept);
        StreamQueue replayed = new StreamQueue(kept);
        for (long o = 0; o < 3; o++) {
            replayed.offer(o == 1 ? notice(1, "disabled") : entry(o, T0));
        }
        assertEquals(List.of(0L, 1L), offsets(replayed.head(10)), "after a crash the same SETs wait");
        q.done(List.of("jti-0", "jti-1"));
        assertFalse(q.draining());
        assertEquals(new StreamQueue.Position(3, Set.of()), q.position());
        q.offer(entry(3, T0));
        assertEquals(1, q.clear(4).count(), "with the notice done, everything else is dropped");
    }

    @Test
    void a_replay_from_the_kept_position_rebuilds_what_was_waiting_and_nothing_done() {
        long seed = Long.getLong("statusflow.seed", System.nanoTime());
        int runs = Integer.getInteger("statusflow.runs", 200);
        Random rnd = new Random(seed);
        try {
            for (int run = 0; run < runs; run++) {
                List<StreamQueue.Entry> outbox = new ArrayList<>();
                StreamQueue q = new StreamQueue(StreamQueue.Position.start());
                Set<String> doneEver = new java.util.HashSet<>();
                for (int step = 0; step < 60; step++) {
                    int what = rnd.nextInt(10);
                    if (what < 5) {
                        StreamQueue.Entry e = entry(outbox.size(), T0);
                        outbox.add(e);
                        q.offer(e);
                    } else if (what < 9 && q.size() > 0) {
                        List<StreamQueue.Entry> head = q.head(1 + rnd.nextInt(4));
                        List<String> acks = new ArrayList<>();
                        for (StreamQueue.Entry e : head) {
                            if (rnd.nextBoolean()) {
                                acks.add(e.set().jti());
                            }
                        }
                        q.done(acks);
                        doneEver.addAll(acks);
                    } else {
                        // A crash: a new queue from the kept position, and the outbox read again from its start.
                        StreamQueue restored = new StreamQueue(q.position());
                        outbox.forEach(restored::offer);
                        assertEquals(offsets(q.head(Integer.MAX_VALUE)), offsets(restored.head(Integer.MAX_VALUE)));
                        assertTrue(restored.head(Integer.MAX_VALUE).stream().noneMatch(e -> doneEver.contains(e.set().jti())));
                        q = restored;
                    }
                }
                assertTrue(q.position().doneJtis().size() <= q.size() + outbox.size());
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (replay with -Dstatusflow.seed=" + seed + "): " + e.getMessage(), e);
        }
    }
}
