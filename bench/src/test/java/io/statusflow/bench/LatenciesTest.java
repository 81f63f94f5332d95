package io.statusflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency tail is split and laid beside the pauses as its line says. */
class LatenciesTest {

    private static final long MS = 1_000_000;

    /** A sample sent at {@code sent} and read {@code latency} ms later, processed {@code before} ms after its send. */
    private static void add(Latencies l, long sent, long latency, long before) {
        l.add((sent + latency) * MS, latency * MS, sent + before);
    }

    @Test
    void splitsTheTailAndCountsThePausesItOverlaps() {
        Latencies l = new Latencies();
        add(l, 1_000, 50, 10);   // under the line: not in the tail
        add(l, 2_000, 150, 120); // during the worker's 30 ms pause at 2,100
        add(l, 3_000, 200, 40);  // this JVM paused 10 ms only: too short to count
        add(l, 4_000, 101, 1);   // during this JVM's 25 ms pause, which ends as it is sent
        List<GcPauses.Pause> worker = List.of(new GcPauses.Pause(2_100, 30), new GcPauses.Pause(5_000, 500));
        List<GcPauses.Pause> local = List.of(new GcPauses.Pause(3_050, 10), new GcPauses.Pause(3_975, 25));

        Latencies.Tail tail = l.tail(100, 0, worker, local, 20);

        assertEquals(new Latencies.Tail(3, 100, 40, 100, 20, 1, 1), tail);
        assertEquals("3 samples over 100 ms: median 40 ms from send to processed, 100 ms from processed to read; 1 in flight"
                + " during a pause of 20 ms or more of the worker, 1 of this JVM (broker, load, reader)", tail.line());
        assertEquals(500, GcPauses.longest(worker));
    }

    @Test
    void saysSoWhenNothingIsOverTheLine() {
        Latencies l = new Latencies();
        add(l, 1_000, 99, 10);
        assertEquals("no sample over 100 ms", l.tail(100, 0, List.of(), List.of(), 20).line());
    }
}
