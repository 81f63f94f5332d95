package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/** Store values written before a field was appended, and after, read by both builds. */
class AvroSerdeTest {

    /** A suspend's answer with its entity, as the build before {@code field} stored it. */
    private static final String APPLIED_BEFORE = "0a636d642d31020861636d65020206626f62020e73757370656e64009003002e757365722061"
            + "636d652f626f622073757370656e646564021a61636d652f757365722f626f620861636d650206626f620220626f624061636d652e6578"
            + "616d706c650604020a616275736500000690b2cccaef668acecccaef660206737663008acecccaef66";
    /** A rejection, as the same build stored it. */
    private static final String REJECTED_BEFORE = "0a636d642d32020861636d65020206626f62020e73757370656e6404a006022076616c6964"
            + "6174696f6e5f6572726f7252726561736f6e206973207265717569726564207768656e2073757370656e64696e6720612075736572"
            + "0000b0d1cccaef66";

    private final AvroSerde<CommandResult> serde = new AvroSerde<>(CommandResult.class);

    @Test
    void valuesStoredBeforeTheFieldReadWithItNull() {
        CommandResult applied = read(APPLIED_BEFORE);
        assertEquals("cmd-1", applied.getCommandId());
        assertEquals(Outcome.applied, applied.getOutcome());
        assertEquals("abuse", applied.getEntity().getReason());
        assertEquals(Instant.parse("2026-01-02T03:04:06.789Z"), applied.getProcessedAt());
        assertNull(applied.getField());

        CommandResult rejected = read(REJECTED_BEFORE);
        assertEquals(400, rejected.getCode());
        assertEquals("reason is required when suspending a user", rejected.getMessage());
        assertNull(rejected.getEntity());
        assertNull(rejected.getField());
    }

    @Test
    void aValueWithoutTheFieldIsTheOldValuePlusOneZeroByte() {
        byte[] before = HexFormat.of().parseHex(REJECTED_BEFORE);
        byte[] now = serde.serializer().serialize("t", read(REJECTED_BEFORE));
        byte[] expected = java.util.Arrays.copyOf(before, before.length + 1);
        assertArrayEquals(expected, now);
    }

    @Test
    void theFieldRoundTrips() {
        CommandResult withField = CommandResult.newBuilder(read(REJECTED_BEFORE)).setField("reason").build();
        byte[] bytes = serde.serializer().serialize("t", withField);
        assertEquals(withField, serde.deserializer().deserialize("t", bytes));
    }

    @Test
    void aReaderOfTheEarlierBuildReadsNewValues() throws IOException {
        CommandResult withField = CommandResult.newBuilder(read(APPLIED_BEFORE)).setField("reason").build();
        byte[] bytes = serde.serializer().serialize("t", withField);
        // The earlier build's schema: every field but the appended ones, read as it read, without resolution.
        Schema earlier = withoutAppended(CommandResult.getClassSchema());
        GenericRecord old = new GenericDatumReader<GenericRecord>(earlier)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        assertEquals("cmd-1", old.get("commandId").toString());
        assertEquals(200, old.get("code"));
        assertEquals(Instant.parse("2026-01-02T03:04:06.789Z").toEpochMilli(), old.get("processedAt"));
        assertEquals("abuse", ((GenericRecord) old.get("entity")).get("reason").toString());
    }

    @Test
    void everyStoredRecordKeepsItsAppendedFieldsLast() {
        assertEquals(1, AvroSerde.appendedFields(CommandResult.getClassSchema()));
        assertEquals(0, AvroSerde.appendedFields(EntityState.getClassSchema()));
        assertEquals(0, AvroSerde.appendedFields(CascadeProgress.getClassSchema()));
    }

    @Test
    void appendedFieldsOfAnyOtherShapeAreRefused() {
        String notLast = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":null,\"appended\":true},"
                + "{\"name\":\"b\",\"type\":\"int\"}]}";
        String notNullFirst = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"},"
                + "{\"name\":\"a\",\"type\":[\"string\",\"null\"],\"default\":\"x\",\"appended\":true}]}";
        String noDefault = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"},"
                + "{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"appended\":true}]}";
        String plain = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"},"
                + "{\"name\":\"a\",\"type\":\"string\",\"appended\":true}]}";
        for (String schema : List.of(notLast, notNullFirst, noDefault, plain)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AvroSerde.appendedFields(new Schema.Parser().parse(schema)), schema);
            assertTrue(e.getMessage().startsWith("R."), e.getMessage());
        }
    }

    /** Each thread reuses its buffer: a value after a larger one, or beside another thread's, is exactly its own bytes. */
    @Test
    void valuesAreTheirOwnBytesWhateverCameBeforeOnTheThread() throws Exception {
        CommandResult small = read(REJECTED_BEFORE);
        byte[] alone = serde.serializer().serialize("t", small);
        for (int size : new int[] {300, 70_000, 10}) {
            CommandResult large = CommandResult.newBuilder(small).setMessage("m".repeat(size)).build();
            assertEquals(large, serde.deserializer().deserialize("t", serde.serializer().serialize("t", large)));
            assertArrayEquals(alone, serde.serializer().serialize("t", small), "after a message of " + size);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                CommandResult mine = CommandResult.newBuilder(small).setMessage("thread " + t).build();
                byte[] expected = serde.serializer().serialize("t", mine);
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        byte[] got = serde.serializer().serialize("t", mine);
                        if (!java.util.Arrays.equals(expected, got) || !mine.equals(serde.deserializer().deserialize("t", got))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var run : runs) {
                assertTrue(run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private CommandResult read(String hex) {
        return serde.deserializer().deserialize("t", HexFormat.of().parseHex(hex));
    }

    private static Schema withoutAppended(Schema schema) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !Boolean.TRUE.equals(f.getObjectProp(AvroSerde.APPENDED)))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
