package io.statusflow.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
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

    /** A field as written: its name already encoded, and the schema of its values (a union's non-null branch). */
    private record Field(SerializedString name, int pos, Schema values) {}

    /** The fields of each generated class, worked out once: three records are written per command. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return org.apache.avro.specific.SpecificData.get().getSchema(type).getFields().stream()
                    .map(f -> new Field(new SerializedString(f.name()), f.pos(),
                            f.schema().getType() == Schema.Type.UNION ? nonNull(f.schema()) : f.schema()))
                    .toArray(Field[]::new);
        }
    };

    private static void writeRecord(JsonGenerator gen, SpecificRecord record) throws IOException {
        gen.writeStartObject();
        for (Field field : FIELDS.get(record.getClass())) {
            gen.writeFieldName(field.name());
            writeValue(gen, field.values(), record.get(field.pos()));
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

    /**
     * Reads what {@link #write} writes back into the record: for consumers of the public topics in
     * this code base (the Shared Signals outbox reads events). Anything else, a field of the wrong
     * type or a missing required field, is an {@link IllegalArgumentException}.
     */
    public static <T extends SpecificRecord> T read(byte[] json, Class<T> type) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            @SuppressWarnings("unchecked")
            T record = (T) readRecord(root, org.apache.avro.specific.SpecificData.get().getSchema(type));
            return record;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Object readRecord(JsonNode node, Schema schema) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(schema.getName() + " must be a JSON object");
        }
        SpecificRecord record = (SpecificRecord) org.apache.avro.specific.SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), readValue(node.get(field.name()), field.schema(), field.name()));
        }
        return record;
    }

    private static Object readValue(JsonNode node, Schema schema, String name) {
        if (node == null || node.isNull()) {
            if (schema.getType() == Schema.Type.UNION || schema.getType() == Schema.Type.NULL) {
                return null;
            }
            throw new IllegalArgumentException(name + " is required");
        }
        switch (schema.getType()) {
            case UNION:
                return readValue(node, nonNull(schema), name);
            case RECORD:
                return readRecord(node, schema);
            case ENUM:
                return org.apache.avro.specific.SpecificData.get().createEnum(text(node, name), schema);
            case STRING:
                return text(node, name);
            case LONG:
                if (schema.getLogicalType() != null && "timestamp-millis".equals(schema.getLogicalType().getName())) {
                    try {
                        return Instant.parse(text(node, name));
                    } catch (java.time.format.DateTimeParseException e) {
                        throw new IllegalArgumentException(name + " is not an ISO-8601 instant", e);
                    }
                }
                return integral(node, name).longValue();
            case INT:
                return integral(node, name).intValue();
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException(name + " must be true or false");
                }
                return node.booleanValue();
            case ARRAY:
                if (!node.isArray()) {
                    throw new IllegalArgumentException(name + " must be an array");
                }
                List<Object> items = new java.util.ArrayList<>(node.size());
                for (JsonNode item : node) {
                    items.add(readValue(item, schema.getElementType(), name));
                }
                return items;
            default:
                throw new IllegalArgumentException("no JSON form for Avro type " + schema.getType());
        }
    }

    private static String text(JsonNode node, String name) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return node.asText();
    }

    private static Number integral(JsonNode node, String name) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return node.numberValue();
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
