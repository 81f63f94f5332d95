package io.statusflow.ssf.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PartitionOwnersTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<Map<Integer, String>> members = new AtomicReference<>(Map.of(
            0, PartitionOwners.clientId("g", "10.0.0.1:8080"), 1, PartitionOwners.clientId("g", "self:8080"),
            2, "a-client-without-an-address"));
    private final PartitionOwners owners = new PartitionOwners(() -> {
        lookups.incrementAndGet();
        Map<Integer, String> m = members.get();
        if (m == null) {
            throw new IllegalStateException("the group cannot be described");
        }
        return m;
    }, clock, "self:8080");

    @Test
    void namesAnotherInstanceButNeverThisOneNorAMemberWithoutAnAddress() {
        assertEquals(Optional.of("10.0.0.1:8080"), owners.owner(0));
        assertEquals(Optional.empty(), owners.owner(1), "this instance: nothing to forward");
        assertEquals(Optional.empty(), owners.owner(2));
    }

    @Test
    void looksTheGroupUpAgainOnlyWhenStaleOrAskedForAPartitionItDidNotSee() {
        owners.owner(0);
        owners.owner(0);
        assertEquals(1, lookups.get());
        clock.advance(PartitionOwners.FRESH.plus(Duration.ofMillis(1)));
        members.set(Map.of(0, "g@10.0.0.2:8080"));
        assertEquals(Optional.of("10.0.0.2:8080"), owners.owner(0));
        assertEquals(2, lookups.get());
        assertEquals(Optional.empty(), owners.owner(3));
        assertEquals(3, lookups.get());
    }

    @Test
    void aFailedLookupAnswersNoOwner() {
        members.set(null);
        assertEquals(Optional.empty(), owners.owner(0));
    }
}
