package io.statusflow.wire;

import com.fasterxml.jackson.core.JsonGenerator;
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

    private static void writeRecord(JsonGenerator gen, SpecificRecord record) throws IOException {
        gen.writeStartObject();
        for (Schema.Field field : record.getSchema().getFields()) {
            gen.writeFieldName(field.name());
            writeValue(gen, field.schema(), record.get(field.pos()));
        }
        gen.writeEndObject();
    }

    private static void writeValue(JsonGenerator gen, Schema schema, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> writeValue(gen, nonNull(schema), value);
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

    private static Schema nonNull(Schema union) {
        for (Schema s : union.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                return s;
            }
        }
        throw new IllegalArgumentException("union of nulls only: " + union);
    }
}
