package io.statusflow.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.statusflow.client.AvroJsonReader;
import io.statusflow.domain.Instants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a generated Avro record as the JSON of the public topics, field by field in schema
 * order, so the {@code .avsc} files define the JSON shape too. Timestamps become ISO-8601 strings,
 * enums their symbol, optional fields an explicit null.
 */
public final class AvroJson {

    private AvroJson() {}

    public static byte[] write(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
            writeRecord(gen, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * A field as written: its name already encoded, the schema of its values (a union's non-null
     * branch), whether a null is left out, and whether it holds a JSON object's text to write as is.
     */
    private record Field(SerializedString name, int pos, Schema values, boolean omitNull, boolean rawObject) {}

    /** The fields of each generated class, worked out once: three records are written per command. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
            boolean omitNulls = Boolean.TRUE.equals(schema.getObjectProp(AvroJsonReader.OMIT_NULLS));
            return schema.getFields().stream()
                    .map(f -> new Field(new SerializedString(f.name()), f.pos(),
                            f.schema().getType() == Schema.Type.UNION ? AvroJsonReader.nonNull(f.schema()) : f.schema(),
                            omitNulls, AvroJsonReader.JSON_OBJECT.equals(f.getProp(AvroJsonReader.JSON_PROP))))
                    .toArray(Field[]::new);
        }
    };

    private static void writeRecord(JsonGenerator gen, SpecificRecord record) throws IOException {
        gen.writeStartObject();
        for (Field field : FIELDS.get(record.getClass())) {
            Object value = record.get(field.pos());
            if (value == null && field.omitNull()) {
                continue;
            }
            gen.writeFieldName(field.name());
            if (field.rawObject() && value != null) {
                // Our own serialization of a JSON object (a SET's claims): written as the object it is.
                gen.writeRawValue(value.toString());
            } else {
                writeValue(gen, field.values(), value);
            }
        }
        gen.writeEndObject();
    }

    private static void writeValue(JsonGenerator gen, Schema schema, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> writeValue(gen, AvroJsonReader.nonNull(schema), value);
            case RECORD -> writeRecord(gen, (SpecificRecord) value);
            case ENUM, STRING -> gen.writeString(value.toString());
            case LONG -> {
                if (value instanceof Instant instant) {
                    gen.writeString(Instants.format(instant));
                } else {
                    gen.writeNumber((Long) value);
                }
            }
            case INT -> gen.writeNumber((Integer) value);
            case BOOLEAN -> gen.writeBoolean((Boolean) value);
            case ARRAY -> {
                gen.writeStartArray();
                for (Object item : (List<?>) value) {
                    writeValue(gen, schema.getElementType(), item);
                }
                gen.writeEndArray();
            }
            default -> throw new IllegalArgumentException("no JSON form for Avro type " + schema.getType());
        }
    }

    /**
     * Reads what {@link #write} writes back into the record: for consumers of the public topics in
     * this code base (the Shared Signals outbox reads events), with the client library's reader.
     */
    public static <T extends SpecificRecord> T read(byte[] json, Class<T> type) {
        return AvroJsonReader.read(json, type);
    }
}
