package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.StatusEvent;
import io.statusflow.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The shipped connector configurations and DDL of deploy/connect follow the Avro schemas: the
 * Connect schema in each config is the one derived here from the Avro record (JSON on the wire:
 * enums and timestamps are strings), and the table has a column for every field, in snake_case.
 * A field added to, removed from or changed in schemas/ fails here until deploy/connect follows.
 */
class ConnectConfigsTest {

    private static final Path CONNECT = Path.of("../deploy/connect");

    @Test
    void the_current_connectors_schema_and_table_follow_the_snapshot_schema() throws Exception {
        JsonNode config = config("statusflow-current-postgres.json");
        assertEquals(connect(EntitySnapshot.getClassSchema()), Json.MAPPER.readTree(config.get("value.converter.schema.content").asText()));
        assertEquals(columns(EntitySnapshot.getClassSchema(), ""), table("statusflow_current"));
        assertEquals(renames(EntitySnapshot.getClassSchema()), config.get("transforms.columns.renames").asText());
    }

    @Test
    void the_audit_connectors_schema_and_table_follow_the_event_schema() throws Exception {
        JsonNode config = config("statusflow-events-audit-postgres.json");
        assertEquals(connect(StatusEvent.getClassSchema()), Json.MAPPER.readTree(config.get("value.converter.schema.content").asText()));
        assertEquals(columns(StatusEvent.getClassSchema(), ""), table("statusflow_events"));
        assertEquals(renames(StatusEvent.getClassSchema()), config.get("transforms.columns.renames").asText());
    }

    private static JsonNode config(String file) throws Exception {
        return Json.MAPPER.readTree(Files.readString(CONNECT.resolve(file))).get("config");
    }

    /** The Connect JSON schema of a record as statusflow writes it in JSON. */
    static ObjectNode connect(Schema record) {
        ObjectNode s = struct(record);
        s.put("name", record.getName());
        return s;
    }

    private static ObjectNode struct(Schema record) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("type", "struct");
        s.put("optional", false);
        ArrayNode fields = s.putArray("fields");
        for (Schema.Field f : record.getFields()) {
            ObjectNode field = type(nonNull(f.schema()));
            field.put("optional", f.schema().isNullable());
            ObjectNode ordered = Json.MAPPER.createObjectNode().put("field", f.name());
            ordered.setAll(field);
            fields.add(ordered);
        }
        return s;
    }

    private static ObjectNode type(Schema s) {
        return switch (s.getType()) {
            case RECORD -> struct(s);
            case ARRAY -> {
                ObjectNode a = Json.MAPPER.createObjectNode().put("type", "array");
                a.put("optional", false);
                a.set("items", type(s.getElementType()).put("optional", false));
                yield a;
            }
            case LONG -> Json.MAPPER.createObjectNode().put("type",
                    s.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "string" : "int64");
            case STRING, ENUM -> Json.MAPPER.createObjectNode().put("type", "string");
            default -> throw new AssertionError("no Connect type for " + s);
        };
    }

    private static Schema nonNull(Schema s) {
        return s.isUnion() ? s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow() : s;
    }

    /** Column names: fields in snake_case, nested records flattened with "_" (Kafka's Flatten). */
    private static List<String> columns(Schema record, String prefix) {
        List<String> out = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            Schema s = nonNull(f.schema());
            String name = prefix + snake(f.name());
            if (s.getType() == Schema.Type.RECORD) {
                out.addAll(columns(s, name + "_"));
            } else {
                out.add(name);
            }
        }
        return out;
    }

    /** ReplaceField's renames of the top-level camelCase fields, in field order. */
    private static String renames(Schema record) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (Schema.Field f : record.getFields()) {
            if (!snake(f.name()).equals(f.name())) {
                renames.put(f.name(), snake(f.name()));
            }
        }
        return String.join(",", renames.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    /** The columns of a CREATE TABLE in the shipped DDL, in order. */
    private static List<String> table(String name) throws Exception {
        String sql = Files.readString(CONNECT.resolve("postgres.sql"));
        Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS " + name + " \\((.*?)\\n\\);", Pattern.DOTALL).matcher(sql);
        if (!m.find()) {
            throw new AssertionError("no table " + name);
        }
        List<String> cols = new ArrayList<>();
        for (String line : m.group(1).split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("--") && !t.startsWith("UNIQUE") && !t.startsWith("PRIMARY KEY (")) {
                cols.add(t.split("\\s+")[0]);
            }
        }
        return cols;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
