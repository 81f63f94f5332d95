package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Push order: several SETs in flight, never two of one subject, a tenant's before its members', a
 * stream's own SETs alone. The property test answers in a random order, fails some SETs for a
 * while, and checks every choice against the queue; -Dstatusflow.seed=N replays one run.
 */
class PushOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static StreamQueue.Entry user(long offset, String tenant, String id) {
        SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                Map.of("format", "iss_sub", "iss", "https://sf.example/tenants/" + tenant + "/users", "sub", id), Map.of());
        return new StreamQueue.Entry(offset, Queued.of("s", "e" + offset, tenant, e), T0);
    }

    private static StreamQueue.Entry tenant(long offset, String tenant) {
        SecurityEvent e = new SecurityEvent(EventTypes.ACCOUNT_DISABLED,
                Map.of("format", "complex", "tenant", Map.of("format", "opaque", "id", tenant)), Map.of());
        return new StreamQueue.Entry(offset, Queued.of("s", "e" + offset, tenant, e), T0);
    }

    private static StreamQueue.Entry own(long offset) {
        SecurityEvent e = StreamStatus.verification("s", Optional.empty());
        return new StreamQueue.Entry(offset, Queued.once("s", e), T0);
    }

    private static List<Long> offsets(List<StreamQueue.Entry> entries) {
        return entries.stream().map(StreamQueue.Entry::offset).toList();
    }

    @Test
    void distinct_subjects_go_out_together_up_to_the_free_places() {
        List<StreamQueue.Entry> q = List.of(user(0, "acme", "a"), user(1, "acme", "b"), user(2, "acme", "c"));
        assertEquals(List.of(0L, 1L), offsets(PushOrder.next(q, Set.of(), 2)));
        assertEquals(List.of(0L, 1L, 2L), offsets(PushOrder.next(q, Set.of(), 8)));
        assertEquals(List.of(), PushOrder.next(q, Set.of(), 0));
    }

    @Test
    void a_subject_waits_while_its_earlier_set_is_unanswered() {
        List<StreamQueue.Entry> q = List.of(user(0, "acme", "a"), user(1, "acme", "a"), user(2, "acme", "b"));
        String first = q.get(0).set().jti();
        assertEquals(List.of(0L, 2L), offsets(PushOrder.next(q, Set.of(), 8)));
        assertEquals(List.of(2L), offsets(PushOrder.next(q, Set.of(first), 8)), "a's second waits for its first");
        assertEquals(List.of(), offsets(PushOrder.next(q, Set.of(first, q.get(2).set().jti()), 8)));
    }

    @Test
    void the_same_id_in_another_tenant_is_another_subject() {
        List<StreamQueue.Entry> q = List.of(user(0, "acme", "a"), user(1, "globex", "a"));
        assertEquals(List.of(0L, 1L), offsets(PushOrder.next(q, Set.of(), 8)));
    }

    @Test
    void a_tenants_set_goes_before_its_members_and_after_them() {
        List<StreamQueue.Entry> q = List.of(tenant(0, "acme"), user(1, "acme", "a"), user(2, "globex", "b"),
                tenant(3, "globex"));
        assertEquals(List.of(0L, 2L), offsets(PushOrder.next(q, Set.of(), 8)),
                "acme's member waits for acme; globex waits for its member");
    }

    @Test
    void a_streams_own_set_waits_for_everything_before_it_and_holds_everything_after() {
        List<StreamQueue.Entry> q = List.of(user(0, "acme", "a"), own(1), user(2, "acme", "b"));
        assertEquals(List.of(0L), offsets(PushOrder.next(q, Set.of(), 8)));
        List<StreamQueue.Entry> rest = q.subList(1, 3);
        assertEquals(List.of(1L), offsets(PushOrder.next(rest, Set.of(), 8)));
        assertEquals(List.of(), offsets(PushOrder.next(rest, Set.of(rest.get(0).set().jti()), 8)));
    }

    @Test
    void random_answers_keep_every_subjects_order_and_deliver_everything() {
        long base = Long.getLong("statusflow.seed", System.nanoTime());
        int runs = Long.getLong("statusflow.seed") != null ? 1 : 300;
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            try {
                simulate(new Random(seed));
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " (-Dstatusflow.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /** A receiver answering in any order, failing some SETs a few times; each choice checked against what waits before it. */
    private static void simulate(Random random) {
        StreamQueue queue = new StreamQueue(StreamQueue.Position.start());
        int n = 20 + random.nextInt(200);
        List<StreamQueue.Entry> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(20);
            String t = "t" + random.nextInt(3);
            StreamQueue.Entry e = kind == 0 ? own(i) : kind < 3 ? tenant(i, t) : user(i, t, "u" + random.nextInt(6));
            all.add(e);
            queue.offer(e);
        }
        int concurrency = 1 + random.nextInt(8);
        Set<String> unanswered = new HashSet<>();
        List<StreamQueue.Entry> inFlight = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        for (int step = 0; step < 100_000 && queue.size() > 0; step++) {
            for (StreamQueue.Entry e : PushOrder.next(queue.waiting(), unanswered, concurrency - inFlight.size())) {
                for (StreamQueue.Entry earlier : queue.waiting()) {
                    if (earlier == e) {
                        break;
                    }
                    assertTrue(!conflict(earlier, e), "sent " + e.offset() + " while " + earlier.offset() + " waits");
                }
                unanswered.add(e.set().jti());
                inFlight.add(e);
            }
            assertTrue(inFlight.size() <= concurrency, "more in flight than allowed");
            assertTrue(!inFlight.isEmpty(), "nothing in flight while SETs wait");
            StreamQueue.Entry answered = inFlight.remove(random.nextInt(inFlight.size()));
            unanswered.remove(answered.set().jti());
            if (random.nextInt(4) > 0) {
                queue.done(List.of(answered.set().jti()));
                delivered.add(answered.offset());
            }
        }
        assertEquals(n, delivered.size(), "every SET delivered once");
    }

    /** Whether {@code later} must wait for {@code earlier}. */
    private static boolean conflict(StreamQueue.Entry earlier, StreamQueue.Entry later) {
        Optional<Subject> a = earlier.set().txn().flatMap(x -> Subject.of(earlier.set().event().subject()));
        Optional<Subject> b = later.set().txn().flatMap(x -> Subject.of(later.set().event().subject()));
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        boolean tenantRelated = (a.get() instanceof Subject.Tenant || b.get() instanceof Subject.Tenant)
                && earlier.set().tenantId().equals(later.set().tenantId());
        return a.get().equals(b.get()) || tenantRelated;
    }
}
