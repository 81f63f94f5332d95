package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming {@link CommandReader} gives, for any value, the answer the tree reader it replaced
 * gave: the same command, or the same error, commandId and message. One message differs on
 * purpose: for a second value after the first, the tree reader quoted Jackson's internals.
 * Seeded random values near the command's shape; a failure prints its seed and the value.
 */
class CommandReaderEquivalenceTest {

    private static final int MAX = 2_000;
    private static final int CASES = 20_000;
    private static final String[] NAMES = {"commandId", "tenantId", "target", "type", "id", "action", "reason", "status",
        "identifier", "validUntil", "expectedVersion", "actor", "roles", "issuedAt", "colour", ""};

    private final CommandReader streaming = new CommandReader(MAX);
    private final TreeCommandReader tree = new TreeCommandReader(MAX);

    @Test
    void random_values_get_the_same_answer_from_both_readers() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            byte[] value = mangle(r, value(r, 0).getBytes(StandardCharsets.UTF_8));
            same(value, "seed " + seed + ", case " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "[1,2", "{}", "{} {}", "{} x", "{\"commandId\":\"a\"} [1]", "\"s\" \"t\"",
        "{\"commandId\":\"a\",\"target\":\"t\"}", "{\"commandId\":\"a\",\"target\":[1]}", "{\"commandId\":\"a\",\"actor\":7}",
        "{\"commandId\":\"a\",\"actor\":{\"roles\":\"admin\"}}", "{\"commandId\":\"a\",\"actor\":{\"roles\":[\"a\",null]}}",
        "{\"commandId\":\"a\",\"actor\":{\"roles\":[[\"a\"]]}}", "{\"commandId\":\"a\",\"expectedVersion\":1.0}",
        "{\"commandId\":\"a\",\"expectedVersion\":9223372036854775808}", "{\"commandId\":\"a\",\"expectedVersion\":-9223372036854775808}",
        "{\"commandId\":\"a\",\"expectedVersion\":\"7\"}", "{\"commandId\":\"a\",\"target\":{\"type\":{}},\"tenantId\":1}",
        "{\"commandId\":\"a\",\"tenantId\":1,\"target\":{\"type\":{}}}", "{\"commandId\":\"a\",\"x\":{\"y\":1,\"y\":2}}",
        "{\"commandId\":\"a\",\"target\":{\"id\":\"1\",\"id\":\"2\"}}", "{\"commandId\":\"\\u0007\"}", "{\"commandId\":null}",
        "{\"commandId\":\"a\",\"reason\":NaN}", "{\"commandId\":\"a\",}", "{'commandId':'a'}", "{\"commandId\":\"a\"}}"})
    void edge_values_get_the_same_answer_from_both_readers(String value) {
        same(value.getBytes(StandardCharsets.UTF_8), "value " + value);
    }

    @Test
    void a_byte_with_its_top_bit_set_is_found_at_any_position_of_any_length() {
        for (int length = 0; length <= 40; length++) {
            byte[] ascii = new byte[length];
            Arrays.fill(ascii, (byte) 0x7f);
            assertTrue(CommandReader.isAscii(ascii), "length " + length);
            for (int at = 0; at < length; at++) {
                byte[] other = ascii.clone();
                other[at] = (byte) (at % 2 == 0 ? 0x80 : 0xff);
                assertFalse(CommandReader.isAscii(other), "length " + length + ", at " + at);
            }
        }
    }

    @Test
    void a_second_value_is_not_json_and_says_what_follows() {
        ReadOutcome.Unreadable u = (ReadOutcome.Unreadable) streaming.read("{\"commandId\":\"c-1\"} {}".getBytes(StandardCharsets.UTF_8));
        assertEquals("not-json", u.error());
        assertEquals("the value is not JSON: a second value follows the first", u.message());
        assertEquals("c-1", u.commandId().orElseThrow(), "its sender still gets an answer");
    }

    @Test
    void nesting_beyond_the_parsers_bound_is_not_json_not_a_stack_overflow() {
        String deep = "{\"commandId\":\"d-1\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        ReadOutcome.Unreadable u = (ReadOutcome.Unreadable) new CommandReader(1 << 20).read(deep.getBytes(StandardCharsets.UTF_8));
        assertEquals("not-json", u.error());
        assertTrue(u.message().contains("depth"), u.message());
    }

    private void same(byte[] value, String what) {
        ReadOutcome expected = tree.read(value);
        ReadOutcome actual = streaming.read(value);
        String shown = what + ": " + new String(value, StandardCharsets.UTF_8);
        if (expected instanceof ReadOutcome.Unreadable e && e.message().contains("Trailing token")
                && actual instanceof ReadOutcome.Unreadable a) {
            assertEquals(e.error(), a.error(), shown);
            assertEquals(e.commandId(), a.commandId(), shown);
            assertEquals("the value is not JSON: a second value follows the first", a.message(), shown);
            return;
        }
        assertEquals(expected, actual, shown);
    }

    /** A JSON value shaped like a command, every member of any type, sometimes given twice. */
    private static String value(Random r, int depth) {
        int kind = depth == 0 ? (r.nextInt(10) == 0 ? r.nextInt(9) : 0) : r.nextInt(depth > 2 ? 7 : 9);
        return switch (kind) {
            case 0, 8 -> {
                StringBuilder s = new StringBuilder("{");
                int n = r.nextInt(depth == 0 ? 10 : 4);
                for (int k = 0; k < n; k++) {
                    if (k > 0) {
                        s.append(',');
                    }
                    s.append(string(NAMES[r.nextInt(NAMES.length)])).append(':').append(value(r, depth + 1));
                }
                yield s.append('}').toString();
            }
            case 1 -> string(text(r));
            case 2 -> Long.toString(r.nextLong());
            case 3 -> switch (r.nextInt(4)) {
                case 0 -> "9223372036854775808";
                case 1 -> "-9223372036854775809";
                case 2 -> "1.5e3";
                default -> "-0";
            };
            case 4 -> r.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6 -> Integer.toString(r.nextInt(100));
            default -> {
                StringBuilder s = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    s.append(k > 0 ? "," : "").append(r.nextInt(3) == 0 ? value(r, depth + 1) : string(text(r)));
                }
                yield s.append(']').toString();
            }
        };
    }

    private static String text(Random r) {
        String[] pieces = {"acme", "c-1", "user", "tenant", "deactivate", "2027-01-31T23:59:59Z", "é", "\\u0000", "\\\"", " ", ""};
        return pieces[r.nextInt(pieces.length)] + (r.nextInt(4) == 0 ? pieces[r.nextInt(pieces.length)] : "");
    }

    private static String string(String text) {
        return "\"" + text + "\"";
    }

    /** Now and then cut short, followed by more, or given a bad byte. */
    private static byte[] mangle(Random r, byte[] value) {
        return switch (r.nextInt(12)) {
            case 0 -> Arrays.copyOf(value, r.nextInt(value.length + 1));
            case 1 -> (new String(value, StandardCharsets.UTF_8) + (r.nextBoolean() ? " {}" : " x")).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] bad = value.clone();
                if (bad.length > 0) {
                    bad[r.nextInt(bad.length)] = (byte) (r.nextBoolean() ? 0xC3 : '}');
                }
                yield bad;
            }
            default -> value;
        };
    }
}
