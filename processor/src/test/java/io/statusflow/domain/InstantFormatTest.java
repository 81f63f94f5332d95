package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The public topics' timestamps must read exactly as {@link Instant#toString()} writes them. Replay with -Dstatusflow.seed=N. */
class InstantFormatTest {

    @Test
    void edges_are_written_as_the_jdk_writes_them() {
        for (Instant i : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.ofEpochSecond(253_402_300_800L), Instant.ofEpochSecond(253_402_300_799L), Instant.ofEpochSecond(-62_167_219_201L), Instant.MIN, Instant.MAX,
                Instant.parse("2024-02-29T12:00:00.5Z"), Instant.parse("2026-11-23T10:15:30.000001Z"),
                Instant.parse("2026-11-23T10:15:30.120Z"), Instant.parse("2026-11-23T10:15:30.123456780Z")}) {
            assertEquals(i.toString(), Instants.format(i));
        }
    }

    @Test
    void random_instants_are_written_as_the_jdk_writes_them() {
        long base = Long.getLong("statusflow.seed", System.nanoTime());
        int runs = Long.getLong("statusflow.seed") != null ? 1 : 100_000;
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
            long seconds = rnd.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1_000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1_000;
                default -> rnd.nextInt(1_000_000_000);
            };
            Instant i = Instant.ofEpochSecond(seconds, nanos);
            if (!i.toString().equals(Instants.format(i))) {
                throw new AssertionError("replay with -Dstatusflow.seed=" + seed + ": " + i + " written as " + Instants.format(i));
            }
        }
    }
}
