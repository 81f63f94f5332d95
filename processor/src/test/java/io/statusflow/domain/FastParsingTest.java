package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written parsers on the per-command path must agree exactly with the JDK parser and the
 * regular expression they replace, on valid and invalid text alike. Set -Dstatusflow.seed=N to
 * replay a failing run.
 */
class FastParsingTest {

    /** The id rule as a regular expression: the characters and length, and not a path step. */
    private static final Pattern ID = Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._@:-]{1,128}");
    private static final String INSTANT_CHARS = "0123456789-:TZtz.+ 9";
    private static final String ID_CHARS = "aZ09._@:-/ é+*";

    @Test
    void theFastPathTakesTheCommonForms() {
        assertEquals(Instant.parse("2027-01-31T23:59:59Z"), Instants.fast("2027-01-31T23:59:59Z"));
        assertEquals(Instant.parse("2026-11-23T10:15:30.5Z"), Instants.fast("2026-11-23T10:15:30.5Z"));
        assertEquals(Instant.parse("2024-02-29T00:00:00.123456789Z"), Instants.fast("2024-02-29T00:00:00.123456789Z"));
        assertEquals(Instant.parse("1970-01-01T00:00:00Z"), Instants.fast("1970-01-01T00:00:00Z"));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999Z"), Instants.fast("1969-12-31T23:59:59.999Z"));
    }

    @Test
    void otherFormsGoToTheJdk() {
        for (String s : new String[] {"2027-01-31T23:59:59+01:00", "2027-01-31t23:59:59z", "2016-12-31T23:59:60Z",
                "+10000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2027-13-01T00:00:00Z", "2027-01-31T24:00:00Z",
                "2027-01-31T23:59:59.Z", "2027-01-31T23:59:59.1234567890Z", "2027-01-31 23:59:59Z"}) {
            assertEquals(null, Instants.fast(s), s);
            assertEquals(jdk(s), ours(s), s);
        }
        assertThrows(DateTimeParseException.class, () -> Instants.parse("2023-02-29T00:00:00Z"));
    }

    @Test
    void agreesWithInstantParseOnRandomText() {
        forEachSeed(rnd -> {
            Instant base = Instant.ofEpochSecond(rnd.nextLong(-62_000_000_000L, 253_000_000_000L), rnd.nextInt(1_000_000_000));
            StringBuilder s = new StringBuilder(base.toString());
            int edits = rnd.nextInt(3);
            for (int i = 0; i < edits && s.length() > 0; i++) {
                int at = rnd.nextInt(s.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> s.setCharAt(at, INSTANT_CHARS.charAt(rnd.nextInt(INSTANT_CHARS.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, INSTANT_CHARS.charAt(rnd.nextInt(INSTANT_CHARS.length())));
                }
            }
            String text = s.toString();
            assertEquals(jdk(text), ours(text), text);
        });
    }

    @Test
    void idCheckAgreesWithTheRegularExpression() {
        assertTrue(CommandShape.isId("u-1.a_b@c:d"));
        assertFalse(CommandShape.isId(""));
        assertTrue(CommandShape.isId("a".repeat(128)));
        assertFalse(CommandShape.isId("a".repeat(129)));
        assertFalse(CommandShape.isId("."));
        assertFalse(CommandShape.isId(".."));
        assertTrue(CommandShape.isId("..."));
        forEachSeed(rnd -> {
            int length = rnd.nextInt(4) == 0 ? rnd.nextInt(126, 131) : rnd.nextInt(0, 12);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < length; i++) {
                s.append(ID_CHARS.charAt(rnd.nextInt(ID_CHARS.length())));
            }
            String text = s.toString();
            assertEquals(ID.matcher(text).matches(), CommandShape.isId(text), text);
        });
    }

    @Test
    void actionsAreFoundByTheirWireNames() {
        for (Action a : Action.values()) {
            assertEquals(Optional.of(a), Action.fromWire(a.wire()));
        }
        assertEquals(Optional.empty(), Action.fromWire("REGISTER"));
        assertNotNull(Action.allWireNames());
    }

    private static String jdk(String text) {
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeException e) {
            return "invalid";
        }
    }

    private static String ours(String text) {
        try {
            return Instants.parse(text).toString();
        } catch (DateTimeException e) {
            return "invalid";
        }
    }

    private static void forEachSeed(java.util.function.Consumer<RandomGenerator> check) {
        long base = Long.getLong("statusflow.seed", System.nanoTime());
        int runs = Long.getLong("statusflow.seed") != null ? 1 : 20_000;
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            try {
                check.accept(RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
            } catch (AssertionError e) {
                throw new AssertionError("property failed; replay with -Dstatusflow.seed=" + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void name_based_event_ids_equal_the_jdks_on_random_names() {
        long seed = Long.getLong("statusflow.seed", System.nanoTime());
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int i = 0; i < 10_000; i++) {
            byte[] name = new byte[random.nextInt(0, 300)];
            random.nextBytes(name);
            assertEquals(java.util.UUID.nameUUIDFromBytes(name).toString(), NameUuid.of(name), "seed " + seed);
        }
    }
}
