package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statusflow.schema.Access;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import io.statusflow.schema.Target;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The stores' hand-walked codecs write the bytes {@link AvroSerde} writes from the schemas, and read
 * back what it wrote, for seeded random values; a failure prints its seed. Values written before an
 * appended field, and after fields this build does not know, read as {@link AvroSerde} reads them.
 */
class StoredValuesTest {

    private static final int CASES = 5_000;

    private final Serde<EntityState> states = StoredValues.entityStates();
    private final Serde<CommandResult> results = StoredValues.commandResults();
    private final AvroSerde<EntityState> avroStates = new AvroSerde<>(EntityState.class);
    private final AvroSerde<CommandResult> avroResults = new AvroSerde<>(CommandResult.class);

    @Test
    void random_values_are_the_schemas_bytes_both_ways() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            String at = "seed " + seed + ", case " + i;
            EntityState state = new EntityState(snapshot(r), r.nextLong());
            byte[] bytes = avroStates.serializer().serialize("", state);
            assertArrayEquals(bytes, states.serializer().serialize("", state), at);
            assertEquals(state, states.deserializer().deserialize("", bytes), at);

            CommandResult result = result(r);
            bytes = avroResults.serializer().serialize("", result);
            assertArrayEquals(bytes, results.serializer().serialize("", result), at);
            assertEquals(result, results.deserializer().deserialize("", bytes), at);
        }
    }

    /** A suspend's answer as the build before {@code field} stored it (see AvroSerdeTest). */
    @Test
    void an_answer_stored_before_the_appended_field_reads_with_it_null() {
        byte[] before = HexFormat.of().parseHex("0a636d642d31020861636d65020206626f62020e73757370656e64009003002e757365722061"
                + "636d652f626f622073757370656e646564021a61636d652f757365722f626f620861636d650206626f620220626f624061636d652e6578"
                + "616d706c650604020a616275736500000690b2cccaef668acecccaef660206737663008acecccaef66");
        CommandResult read = results.deserializer().deserialize("", before);
        assertEquals(avroResults.deserializer().deserialize("", before), read);
        assertNull(read.getField());
        assertEquals("cmd-1", read.getCommandId());
    }

    /** A later build may append fields: this one reads the fields it knows and leaves the rest. */
    @Test
    void bytes_after_the_known_fields_are_ignored() {
        Random r = new Random(7);
        EntityState state = new EntityState(snapshot(r), 3L);
        byte[] bytes = states.serializer().serialize("", state);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        longer[bytes.length] = 2;
        longer[bytes.length + 1] = 0;
        assertEquals(state, states.deserializer().deserialize("", longer));
        CommandResult result = result(r);
        bytes = results.serializer().serialize("", result);
        longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertEquals(result, results.deserializer().deserialize("", longer));
    }

    @Test
    void a_value_with_an_unknown_symbol_or_branch_is_refused() {
        EntityState state = new EntityState(new EntitySnapshot("acme/user/bob", "acme", EntityType.user, "bob", null,
                Status.active, Access.full, null, null, null, 1L, Instant.EPOCH, Instant.EPOCH, null), 0L);
        byte[] bytes = states.serializer().serialize("", state);
        // The type's enum index follows two strings, each one length byte and its ASCII: 10 is symbol 5.
        byte[] bad = bytes.clone();
        bad[1 + "acme/user/bob".length() + 1 + "acme".length()] = 10;
        assertThrows(RuntimeException.class, () -> states.deserializer().deserialize("", bad));
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(RuntimeException.class, () -> states.deserializer().deserialize("", cut));
    }

    @Test
    void null_is_null() {
        assertNull(states.serializer().serialize("", null));
        assertNull(results.deserializer().deserialize("", null));
    }

    private static EntitySnapshot snapshot(Random r) {
        EntityType type = pick(r, EntityType.values());
        return new EntitySnapshot(text(r), text(r), type, text(r), maybe(r), pick(r, Status.values()),
                pick(r, Access.values()), maybe(r), r.nextBoolean() ? pick(r, DisabledBy.values()) : null,
                r.nextBoolean() ? instant(r) : null, r.nextLong(), instant(r), instant(r), maybe(r));
    }

    private static CommandResult result(Random r) {
        return new CommandResult(text(r), maybe(r), r.nextBoolean() ? new Target(pick(r, EntityType.values()), text(r)) : null,
                maybe(r), pick(r, Outcome.values()), r.nextInt(), maybe(r), text(r), r.nextBoolean() ? snapshot(r) : null,
                r.nextBoolean(), instant(r), maybe(r));
    }

    private static String text(Random r) {
        String[] pieces = {"acme", "bob", "a/b", "é", "日本", "\uD83D\uDE00", "", "\u0000", "x".repeat(300)};
        return pieces[r.nextInt(pieces.length)] + pieces[r.nextInt(pieces.length)];
    }

    private static String maybe(Random r) {
        return r.nextBoolean() ? text(r) : null;
    }

    private static Instant instant(Random r) {
        return Instant.ofEpochMilli(r.nextLong(-8_000_000_000_000_000L, 8_000_000_000_000_000L));
    }

    private static <E> E pick(Random r, E[] values) {
        return values[r.nextInt(values.length)];
    }
}
