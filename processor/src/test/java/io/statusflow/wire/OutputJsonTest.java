package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Cause;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Event;
import io.statusflow.domain.Result;
import io.statusflow.domain.StatusAccessPair;
import io.statusflow.schema.Access;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The output records written straight from the domain's values are, byte for byte, what the
 * generated records give through {@link AvroJson}: the schemas stay the one definition of the
 * topics' JSON. Seeded random values, hostile text among them; a failure prints its seed.
 */
class OutputJsonTest {

    private static final int CASES = 3_000;

    @Test
    void every_record_is_the_schemas_json_byte_for_byte() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Values v = new Values(random);
            Event event = v.event();
            String eventId = event.eventId();
            same(seed, i, () -> AvroJson.write(Records.event(event)), () -> OutputJson.event(event, eventId));
            Entity entity = v.entity();
            same(seed, i, () -> AvroJson.write(Records.snapshot(entity)), () -> OutputJson.snapshot(entity));
            Result result = v.result();
            same(seed, i, () -> AvroJson.write(Records.result(result)), () -> OutputJson.result(result));
        }
    }

    @Test
    void a_known_event_reads_as_the_contract_shows_it() {
        Event event = new Event(new EntityKey("acme", EntityType.user, "bob"),
                Optional.of(new StatusAccessPair(Status.active, Access.full)),
                new StatusAccessPair(Status.suspended, Access.restricted), Cause.COMMAND, Optional.of("c-1"),
                Optional.of(new ActorRef("admin-7", ActorType.user, List.of("tenant-admin"))), Optional.of("abuse"),
                Optional.empty(), 7, Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertEquals("{\"eventId\":\"e\",\"entityKey\":\"acme/user/bob\",\"tenantId\":\"acme\","
                + "\"target\":{\"type\":\"user\",\"id\":\"bob\"},\"previous\":{\"status\":\"active\",\"access\":\"full\"},"
                + "\"current\":{\"status\":\"suspended\",\"access\":\"restricted\"},\"cause\":\"command\",\"commandId\":\"c-1\","
                + "\"actor\":{\"id\":\"admin-7\",\"type\":\"user\",\"roles\":[\"tenant-admin\"]},\"reason\":\"abuse\","
                + "\"validUntil\":null,\"version\":7,\"occurredAt\":\"2026-03-01T10:00:00.123Z\"}",
                new String(OutputJson.event(event, "e"), StandardCharsets.UTF_8));
    }

    @Test
    void a_value_after_a_larger_one_is_exactly_its_own_bytes() {
        Values v = new Values(new Random(1));
        Entity small = v.entity();
        Entity large = new Entity(small.key(), Optional.of("x".repeat(100_000)), small.status(), small.access(),
                small.reason(), small.disabledBy(), small.validUntil(), small.version(), small.createdAt(),
                small.updatedAt(), small.updatedBy(), 0);
        byte[] expected = OutputJson.snapshot(small);
        OutputJson.snapshot(large);
        assertEquals(new String(expected, StandardCharsets.UTF_8),
                new String(OutputJson.snapshot(small), StandardCharsets.UTF_8));
    }

    /** Both give the same bytes, or both refuse the value (text Jackson cannot write, as a lone surrogate). */
    private static void same(long seed, int i, Supplier<byte[]> schema, Supplier<byte[]> direct) {
        byte[] expected;
        try {
            expected = schema.get();
        } catch (RuntimeException refused) {
            assertThrows(RuntimeException.class, direct::get, () -> "seed " + seed + ", case " + i
                    + ": the schema's writer refused the value (" + refused + "), the direct one did not");
            return;
        }
        byte[] actual;
        try {
            actual = direct.get();
        } catch (RuntimeException e) {
            fail("seed " + seed + ", case " + i + ": " + e, e);
            return;
        }
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                () -> "seed " + seed + ", case " + i);
    }

    /** Random domain values, every optional present or not, text from plain to hostile. */
    private static final class Values {
        private static final String[] PIECES = {"acme", "bob", "a/b", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f",
                "é", "\u2028", "日本", "\uD83D\uDE00", "\uD83D", "\uDE00", "</script>", " ", ""};
        private final Random r;

        Values(Random r) {
            this.r = r;
        }

        String text() {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                s.append(PIECES[r.nextInt(PIECES.length)]);
            }
            return s.toString();
        }

        Optional<String> maybe() {
            return r.nextBoolean() ? Optional.of(text()) : Optional.empty();
        }

        <T> T pick(T[] values) {
            return values[r.nextInt(values.length)];
        }

        /** Within the fast form, at its edges, and beyond it (years outside 0000 to 9999); any fraction. */
        Instant instant() {
            long seconds = switch (r.nextInt(4)) {
                case 0 -> r.nextLong(-62_167_219_200L, 253_402_300_800L);
                case 1 -> 1_780_000_000L + r.nextInt(1_000_000);
                case 2 -> r.nextBoolean() ? -62_167_219_201L : 253_402_300_800L;
                default -> r.nextLong(-31_557_014_167_219_200L, 31_556_889_864_403_199L);
            };
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            return Instant.ofEpochSecond(seconds, nanos);
        }

        Optional<Instant> maybeInstant() {
            return r.nextBoolean() ? Optional.of(instant()) : Optional.empty();
        }

        EntityKey key() {
            return new EntityKey(text(), pick(EntityType.values()), text());
        }

        Entity entity() {
            return new Entity(key(), maybe(), pick(Status.values()), pick(Access.values()), maybe(),
                    r.nextBoolean() ? Optional.of(pick(DisabledBy.values())) : Optional.empty(), maybeInstant(),
                    r.nextLong(), instant(), instant(), maybe(), r.nextLong());
        }

        StatusAccessPair pair() {
            return new StatusAccessPair(pick(Status.values()), pick(Access.values()));
        }

        Event event() {
            Optional<ActorRef> actor = Optional.empty();
            if (r.nextBoolean()) {
                List<String> roles = new ArrayList<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    roles.add(text());
                }
                actor = Optional.of(new ActorRef(text(), pick(ActorType.values()), roles));
            }
            return new Event(key(), r.nextBoolean() ? Optional.of(pair()) : Optional.empty(), pair(),
                    pick(Cause.values()), maybe(), actor, maybe(), maybeInstant(), r.nextLong(), instant());
        }

        Result result() {
            Result.Echo echo = new Result.Echo(maybe(),
                    r.nextBoolean() ? Optional.of(pick(EntityType.values())) : Optional.empty(), maybe(), maybe());
            return new Result(text(), echo, pick(Outcome.values()), r.nextInt(), maybe(), text(), maybe(),
                    r.nextBoolean() ? Optional.of(entity()) : Optional.empty(), r.nextBoolean(), instant());
        }
    }
}
