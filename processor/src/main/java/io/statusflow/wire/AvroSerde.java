package io.statusflow.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro binary serde for store values. One instance may serve every stream thread: the datum reader
 * and writer are thread-safe, and each thread reuses its own encoder, decoder and buffer.
 *
 * <p>Store values carry no schema version, so a record the stores keep grows only at its end: a
 * field marked {@code "appended": true} in its {@code .avsc} must come after every other field and
 * be optional with null first. Such a field is one zero byte when null. A value written before the
 * field existed ends before it, so the reader appends one zero byte per appended field and reads
 * it as null; a reader of an earlier build stops at the fields it knows and ignores the rest. Both
 * directions of a rolling upgrade, and a restore from an older changelog, read every value.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static {
        io.statusflow.client.AvroTrust.ensure();
    }

    /** The schema property that marks a field added after stores held its record. */
    public static final String APPENDED = "appended";

    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    /** How many appended fields a value may end before: the zero bytes a read adds. */
    private final int appended;

    public AvroSerde(Class<T> type) {
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
        this.appended = appendedFields(SpecificData.get().getSchema(type));
    }

    /**
     * The number of appended fields of a record schema, after checking that they come last and are
     * optional with null first; any other shape could not be read from a value written before it.
     */
    static int appendedFields(Schema schema) {
        int appended = 0;
        for (Schema.Field f : schema.getFields()) {
            if (!Boolean.TRUE.equals(f.getObjectProp(APPENDED))) {
                if (appended > 0) {
                    throw new IllegalArgumentException(schema.getName() + "." + f.name()
                            + " follows an appended field: fields added to a stored record go last");
                }
                continue;
            }
            Schema s = f.schema();
            boolean nullFirst = s.getType() == Schema.Type.UNION && s.getTypes().get(0).getType() == Schema.Type.NULL;
            if (!nullFirst || !f.hasDefaultValue() || f.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) {
                throw new IllegalArgumentException(schema.getName() + "." + f.name()
                        + " is appended, so it must be a union with null first and default null");
            }
            appended++;
        }
        return appended;
    }

    /**
     * A thread's reusable encoding state, so that a value costs no new buffer, encoder or decoder, and
     * Avro's direct encoder, which writes each field to the stream on its own, takes no lock per field.
     */
    static final class Codec {
        final ByteOutput out = new ByteOutput();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        BinaryDecoder decoder;
    }

    private static final ThreadLocal<Codec> CODECS = ThreadLocal.withInitial(Codec::new);

    /** This thread's codec, shared with {@link StoredValues}: no value is written while another is. */
    static Codec codec() {
        return CODECS.get();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Codec codec = CODECS.get();
            codec.out.reset();
            try {
                writer.write(value, codec.encoder);
                codec.encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return codec.out.take();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            // Zeros past a value that has every field are never read.
            byte[] in = appended == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + appended);
            Codec codec = CODECS.get();
            codec.decoder = DecoderFactory.get().binaryDecoder(in, codec.decoder);
            try {
                return reader.read(null, codec.decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
