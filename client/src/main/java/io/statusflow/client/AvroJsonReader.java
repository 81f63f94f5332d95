package io.statusflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the JSON of statusflow's public topics (results, events, snapshots) into their generated
 * Avro classes, as the schemas define them: timestamps are ISO-8601 strings, enums their symbols,
 * optional fields null or absent. Anything else, a field of the wrong type or a missing required
 * field, is an {@link IllegalArgumentException}. Fields the schema does not know are ignored, so
 * a reader keeps working when the contract gains a field.
 */
public final class AvroJsonReader {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        AvroTrust.ensure();
    }

    /**
     * A string field with this property set to {@value #JSON_OBJECT} holds a JSON object's text in
     * Avro and is the object itself in JSON (a SET's free-form claims).
     */
    public static final String JSON_PROP = "json";
    public static final String JSON_OBJECT = "object";
    /** A record whose schema sets this property leaves its null fields out of the JSON. */
    public static final String OMIT_NULLS = "json.omitNulls";

    private AvroJsonReader() {}

    public static <T extends SpecificRecord> T read(byte[] json, Class<T> type) {
        try {
            return read(JSON.readTree(json), type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    public static <T extends SpecificRecord> T read(JsonNode json, Class<T> type) {
        @SuppressWarnings("unchecked")
        T record = (T) readRecord(json, SpecificData.get().getSchema(type));
        return record;
    }

    private static Object readRecord(JsonNode node, Schema schema) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(schema.getName() + " must be a JSON object");
        }
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            if (value == null && field.hasDefaultValue()) {
                // Left out, as a record written without its absent fields has it: the schema's default.
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            } else if (JSON_OBJECT.equals(field.getProp(JSON_PROP))) {
                if (value == null || !value.isObject()) {
                    throw new IllegalArgumentException(field.name() + " must be a JSON object");
                }
                record.put(field.pos(), value.toString());
            } else {
                record.put(field.pos(), readValue(value, field.schema(), field.name()));
            }
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
                String symbol = text(node, name);
                if (!schema.getEnumSymbols().contains(symbol)) {
                    throw new IllegalArgumentException(name + " is not one of " + schema.getEnumSymbols());
                }
                return SpecificData.get().createEnum(symbol, schema);
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

    /** The branch of an optional field's union that is not null. */
    public static Schema nonNull(Schema union) {
        for (Schema s : union.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                return s;
            }
        }
        throw new IllegalArgumentException("union of nulls only: " + union);
    }
}
