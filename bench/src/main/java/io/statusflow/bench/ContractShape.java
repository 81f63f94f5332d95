package io.statusflow.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The shape, with the contract's JSON: a streaming parse of the command's fields, and the result, event and
 * current-status records each written from them with the contract's field names, sent to its own sink.
 */
final class ContractShape extends Reference.Shape {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long version;

    @Override
    void out(Record<byte[], byte[]> r, String command, String entity) {
        Map<String, String> c = new HashMap<>();
        try (JsonParser p = JSON.createParser(r.value())) {
            read(p, "", c);
        } catch (IOException e) {
            // Not JSON: statusflow dead-letters it. Here it goes out as it came, to the counted topic, so
            // that every input has its one record there, as in the other modes.
            context.forward(r.withKey(command.getBytes(StandardCharsets.UTF_8)), "out0");
            return;
        }
        String now = Instant.ofEpochMilli(r.timestamp()).toString();
        long v = ++version;
        byte[] key = c.getOrDefault("tenantId", "").concat("/").concat(c.getOrDefault("target.id", ""))
                .getBytes(StandardCharsets.UTF_8);
        context.forward(r.withKey(c.getOrDefault("commandId", "").getBytes(StandardCharsets.UTF_8))
                .withValue(json(g -> {
                    g.writeStringField("commandId", c.get("commandId"));
                    g.writeStringField("tenantId", c.get("tenantId"));
                    target(g, c);
                    g.writeStringField("action", c.get("action"));
                    g.writeStringField("outcome", "applied");
                    g.writeNumberField("code", 200);
                    g.writeNullField("error");
                    g.writeStringField("message", "applied");
                    g.writeFieldName("entity");
                    snapshot(g, c, v, now);
                    g.writeBooleanField("duplicate", false);
                    g.writeStringField("processedAt", now);
                })), "out0");
        String eventId = UUID.nameUUIDFromBytes(key).toString();
        Record<byte[], byte[]> event = r.withKey(key).withValue(json(g -> {
            g.writeStringField("eventId", eventId);
            g.writeStringField("commandId", c.get("commandId"));
            g.writeStringField("tenantId", c.get("tenantId"));
            target(g, c);
            g.writeNumberField("version", v);
            g.writeStringField("cause", "command");
            g.writeObjectFieldStart("previous");
            g.writeStringField("status", "active");
            g.writeStringField("access", "full");
            g.writeEndObject();
            g.writeObjectFieldStart("current");
            g.writeStringField("status", "inactive");
            g.writeStringField("access", "none");
            g.writeEndObject();
            g.writeStringField("reason", c.get("reason"));
            g.writeObjectFieldStart("actor");
            g.writeStringField("id", c.get("actor.id"));
            g.writeStringField("type", c.get("actor.type"));
            g.writeEndObject();
            g.writeStringField("occurredAt", now);
        }));
        Headers h = event.headers();
        header(h, "ce_specversion", "1.0");
        header(h, "ce_id", eventId);
        header(h, "ce_source", "urn:statusflow:tenant:" + c.get("tenantId"));
        header(h, "ce_type", "io.statusflow.status.changed");
        header(h, "ce_subject", new String(key, StandardCharsets.UTF_8));
        header(h, "ce_time", now);
        header(h, "content-type", "application/json");
        context.forward(event, "out1");
        context.forward(r.withKey(key).withValue(json(g -> {
            g.writeStringField("tenantId", c.get("tenantId"));
            target(g, c);
            g.writeFieldName("snapshot");
            snapshot(g, c, v, now);
        })), "out2");
    }

    private static void header(Headers h, String name, String value) {
        h.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Flattens the command's fields into dotted names, one level of objects deep; arrays are skipped. */
    private static void read(JsonParser p, String prefix, Map<String, String> into) throws IOException {
        if (p.nextToken() == JsonToken.START_OBJECT) {
            fields(p, prefix, into, true);
        }
    }

    private static void fields(JsonParser p, String prefix, Map<String, String> into, boolean nest) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT && nest) {
                fields(p, name + ".", into, false);
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t != JsonToken.VALUE_NULL) {
                into.put(name, p.getText());
            }
        }
    }

    private static void target(JsonGenerator g, Map<String, String> c) throws IOException {
        g.writeObjectFieldStart("target");
        g.writeStringField("type", c.get("target.type"));
        g.writeStringField("id", c.get("target.id"));
        g.writeEndObject();
    }

    private static void snapshot(JsonGenerator g, Map<String, String> c, long version, String now) throws IOException {
        g.writeStartObject();
        g.writeStringField("tenantId", c.get("tenantId"));
        target(g, c);
        g.writeStringField("status", "inactive");
        g.writeStringField("access", "none");
        g.writeNumberField("version", version);
        g.writeStringField("reason", c.get("reason"));
        g.writeStringField("updatedAt", now);
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] json(Body body) {
        buffer.reset();
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
