package io.statusflow.ssf.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.ssf.EventTypes;
import io.statusflow.ssf.MemoryStreams;
import io.statusflow.ssf.PollRequest;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvent;
import io.statusflow.ssf.Stream;
import io.statusflow.ssf.StreamQueue;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The delivery's queues, replay and long polls without a broker: the test plays the outbox reader. */
class StreamQueuesTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MemoryStreams streams = new MemoryStreams();
    private final MemoryPositionLog positions = new MemoryPositionLog();
    private final List<String> delivered = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final PushLane.Listener listener = new PushLane.Listener() {
        @Override
        public void delivered(String streamId, String jti) {
            delivered.add(jti);
        }

        @Override
        public void refused(String streamId, String jti, String err) {}

        @Override
        public void retried(String streamId, String jti, Duration after, String why) {}

        @Override
        public void dropped(String streamId, int count) {
            dropped.add(streamId + ":" + count);
        }
    };
    private final List<String> lanesOpened = new ArrayList<>();
    private final StreamQueues queues = new StreamQueues(streams, positions, (s, q, l, open) -> {
        lanesOpened.add(s.stream().id());
        return new PushLane(s.stream(), q, null, () -> false);
    }, listener, clock, RETENTION);

    private StreamQueuesTest() {
        queues.partitions(1);
    }

    private LongPolls polls(Duration wait) {
        return new LongPolls(queues, (set, audience, at) -> "signed:" + set.jti(), listener, clock, wait);
    }

    private StreamRecord stream(String id, String method) {
        StreamRecord r = StreamRecord.created(new Stream(id, "receiver", Optional.empty(), EventTypes.SUPPORTED,
                new Stream.Delivery(method, "https://receiver.example/" + id, Optional.empty()), Optional.empty(), Stream.DefaultSubjects.ALL));
        streams.put(r);
        return r;
    }

    private void offer(String stream, long offset) {
        SecurityEvent e = new SecurityEvent(EventTypes.SESSION_REVOKED, Map.of("format", "opaque", "id", "x"), Map.of());
        queues.offer(stream, offset, new Queued(stream, "jti-" + offset, Optional.empty(), Optional.empty(), e), clock.instant());
    }

    private static PollRequest now(List<String> ack) {
        return new PollRequest(10, true, ack, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> jtis(Map<String, Object> answer) {
        return ((Map<String, String>) answer.get("sets")).keySet();
    }

    @Test
    void aPollDuringTheReplayWaitsForItAndNeverSaysNothingIsLeft() throws Exception {
        StreamRecord s = stream("s", Stream.POLL);
        positions.durable.put("s", new StreamQueue.Position(5, Set.of()));
        positions.reload();
        assertEquals(Optional.of(5L), queues.taken(0));
        CompletableFuture<Map<String, Object>> answer = polls(Duration.ofSeconds(30)).poll(s, now(List.of())).orElseThrow();
        offer("s", 5);
        offer("s", 6);
        assertFalse(answer.isDone(), "answered before the replay reached the end of the partition");
        queues.caughtUp(0);
        Map<String, Object> got = answer.get(5, TimeUnit.SECONDS);
        assertEquals(Set.of("jti-5", "jti-6"), jtis(got));
        assertEquals(false, got.get("moreAvailable"));
    }

    @Test
    void aReplayLongerThanThePollWaitAnswersThatMoreMayCome() throws Exception {
        StreamRecord s = stream("s", Stream.POLL);
        queues.taken(0);
        Map<String, Object> got = polls(Duration.ofMillis(50)).poll(s, now(List.of())).orElseThrow().get(5, TimeUnit.SECONDS);
        assertEquals(Set.of(), jtis(got));
        assertEquals(true, got.get("moreAvailable"));
    }

    @Test
    void aPollThatAsksToReturnImmediatelyWaitsForALongReplayOnlyBriefly() throws Exception {
        StreamRecord s = stream("s", Stream.POLL);
        queues.taken(0);
        offer("s", 0);
        long started = System.nanoTime();
        Map<String, Object> got = polls(Duration.ofSeconds(30)).poll(s, now(List.of())).orElseThrow().get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(8).toNanos(), "returned within its short wait");
        assertEquals(Set.of("jti-0"), jtis(got), "what is there so far");
        assertEquals(true, got.get("moreAvailable"), "and that more may come");
    }

    @Test
    void aPartitionNotHeldIsForwardedAndOneGivenUpReleasesItsWaitingPolls() throws Exception {
        StreamRecord s = stream("s", Stream.POLL);
        assertTrue(polls(Duration.ofSeconds(30)).poll(s, now(List.of())).isEmpty());
        queues.taken(0);
        queues.caughtUp(0);
        CompletableFuture<Map<String, Object>> waiting = polls(Duration.ofSeconds(30))
                .poll(s, new PollRequest(10, false, List.of(), Map.of())).orElseThrow();
        assertFalse(waiting.isDone());
        queues.released(List.of(0));
        assertEquals(Set.of(), jtis(waiting.get(5, TimeUnit.SECONDS)));
        assertTrue(polls(Duration.ofSeconds(30)).poll(s, now(List.of())).isEmpty());
    }

    @Test
    void theReplayStartsAtTheEarliestPositionOfThePartitionsStreams() {
        stream("a", Stream.POLL);
        stream("b", Stream.POLL);
        positions.durable.put("a", new StreamQueue.Position(40, Set.of()));
        positions.reload();
        assertEquals(Optional.empty(), queues.taken(0), "a stream without a position replays from the beginning");
        positions.durable.put("b", new StreamQueue.Position(12, Set.of()));
        positions.reload();
        assertEquals(Optional.of(12L), queues.taken(0));
    }

    @Test
    void anAcknowledgementIsDurableBeforeThePollAnswersAndSurvivesARestart() throws Exception {
        StreamRecord s = stream("s", Stream.POLL);
        queues.taken(0);
        queues.caughtUp(0);
        offer("s", 0);
        offer("s", 1);
        polls(Duration.ofSeconds(1)).poll(s, now(List.of("jti-0"))).orElseThrow().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("jti-0"), delivered);
        assertEquals(new StreamQueue.Position(1, Set.of()), positions.durable.get("s"));

        StreamQueues restarted = new StreamQueues(streams, positions, (st, q, l, open) -> null, listener, clock, RETENTION);
        restarted.partitions(1);
        positions.reload();
        assertEquals(Optional.of(1L), restarted.taken(0));
    }

    @Test
    void theTickDropsWhatRetentionEndsAndWhatADisabledOrDeletedStreamHeld() {
        stream("old", Stream.POLL);
        StreamRecord off = stream("off", Stream.POLL);
        stream("gone", Stream.POLL);
        queues.taken(0);
        offer("old", 0);
        offer("off", 1);
        offer("gone", 2);
        clock.advance(RETENTION.plusSeconds(1));
        streams.put(off.with(StreamStatus.disabled, Optional.of("test")));
        streams.delete("gone");
        queues.tick(id -> 3);
        assertTrue(dropped.containsAll(List.of("old:1", "off:1", "gone:1")), dropped.toString());
        assertEquals(Map.of("old", 0, "off", 0), Map.of("old", queues.stats().get("old").waiting(),
                "off", queues.stats().get("off").waiting()));
        assertFalse(queues.stats().containsKey("gone"));
        assertFalse(positions.durable.containsKey("gone"), "a deleted stream's position is forgotten");
    }

    @Test
    void aPushStreamGetsOneLaneUntilItChanges() {
        StreamRecord s = stream("p", Stream.PUSH);
        queues.taken(0);
        offer("p", 0);
        offer("p", 1);
        queues.tick(id -> 2);
        assertEquals(List.of("p"), lanesOpened);
        streams.put(s.with(StreamStatus.paused, Optional.empty()));
        queues.tick(id -> 2);
        streams.put(s);
        queues.tick(id -> 2);
        assertEquals(List.of("p", "p"), lanesOpened, "a changed stream gets a new lane");
    }

    @Test
    void positions_written_before_the_schema_read_the_same() {
        assertEquals(Optional.of(new StreamQueue.Position(7, Set.of())), Positions.read("{\"offset\":7}".getBytes()));
        assertEquals(Optional.of(new StreamQueue.Position(7, Set.of("a", "b"))),
                Positions.read("{\"offset\":7,\"done\":[\"b\",\"a\"]}".getBytes()));
        assertEquals(Optional.empty(), Positions.read("{\"offset\":-1}".getBytes()));
        assertEquals(Optional.empty(), Positions.read("{\"offset\":\"7\"}".getBytes()));
        StreamQueue.Position p = new StreamQueue.Position(9, Set.of("x"));
        assertEquals(Optional.of(p), Positions.read(Positions.bytes(p)));
    }
}
