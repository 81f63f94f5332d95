package io.statusflow.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Entity;
import io.statusflow.domain.Event;
import io.statusflow.domain.Instants;
import io.statusflow.domain.Result;
import io.statusflow.domain.StatusAccessPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The JSON of the three records every command publishes (its result, event and current status),
 * written straight from the domain's values. {@link AvroJson} writes the same bytes from the
 * generated records, walking their schemas; this does it without building a record first, which
 * cost more than writing the JSON. The {@code .avsc} files stay the one definition of the shape:
 * {@code OutputJsonTest} checks these bytes against {@code AvroJson.write(Records.x(value))} for
 * random values, so a field added to a schema and not here fails the build.
 */
public final class OutputJson {

    private OutputJson() {}

    private static final ThreadLocal<ByteOutput> BUFFERS = ThreadLocal.withInitial(ByteOutput::new);

    private static final SerializableString EVENT_ID = name("eventId");
    private static final SerializableString ENTITY_KEY = name("entityKey");
    private static final SerializableString TENANT_ID = name("tenantId");
    private static final SerializableString TARGET = name("target");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString ID = name("id");
    private static final SerializableString PREVIOUS = name("previous");
    private static final SerializableString CURRENT = name("current");
    private static final SerializableString STATUS = name("status");
    private static final SerializableString ACCESS = name("access");
    private static final SerializableString CAUSE = name("cause");
    private static final SerializableString COMMAND_ID = name("commandId");
    private static final SerializableString ACTOR = name("actor");
    private static final SerializableString ROLES = name("roles");
    private static final SerializableString REASON = name("reason");
    private static final SerializableString VALID_UNTIL = name("validUntil");
    private static final SerializableString VERSION = name("version");
    private static final SerializableString OCCURRED_AT = name("occurredAt");
    private static final SerializableString IDENTIFIER = name("identifier");
    private static final SerializableString DISABLED_BY = name("disabledBy");
    private static final SerializableString CREATED_AT = name("createdAt");
    private static final SerializableString UPDATED_AT = name("updatedAt");
    private static final SerializableString UPDATED_BY = name("updatedBy");
    private static final SerializableString ACTION = name("action");
    private static final SerializableString OUTCOME = name("outcome");
    private static final SerializableString CODE = name("code");
    private static final SerializableString ERROR = name("error");
    private static final SerializableString MESSAGE = name("message");
    private static final SerializableString ENTITY = name("entity");
    private static final SerializableString DUPLICATE = name("duplicate");
    private static final SerializableString PROCESSED_AT = name("processedAt");
    private static final SerializableString FIELD = name("field");

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** As {@code AvroJson.write(Records.event(event))}, with the event id given (it is a digest, made once). */
    public static byte[] event(Event e, String eventId) {
        return write(g -> {
            g.writeStartObject();
            string(g, EVENT_ID, eventId);
            string(g, ENTITY_KEY, e.key().value());
            string(g, TENANT_ID, e.key().tenantId());
            g.writeFieldName(TARGET);
            target(g, e.key().type().name(), e.key().id());
            optional(g, PREVIOUS, e.previous(), OutputJson::pair);
            g.writeFieldName(CURRENT);
            pair(g, e.current());
            string(g, CAUSE, e.cause().wire());
            string(g, COMMAND_ID, e.commandId());
            optional(g, ACTOR, e.actor(), OutputJson::actor);
            string(g, REASON, e.reason());
            instant(g, VALID_UNTIL, e.validUntil());
            g.writeFieldName(VERSION);
            g.writeNumber(e.version());
            instant(g, OCCURRED_AT, e.occurredAt());
            g.writeEndObject();
        });
    }

    /** As {@code AvroJson.write(Records.snapshot(entity))}. */
    public static byte[] snapshot(Entity e) {
        return write(g -> snapshot(g, e));
    }

    /** As {@code AvroJson.write(Records.result(result))}. */
    public static byte[] result(Result r) {
        return write(g -> {
            Result.Echo echo = r.echo();
            g.writeStartObject();
            string(g, COMMAND_ID, r.commandId());
            string(g, TENANT_ID, echo.tenantId());
            g.writeFieldName(TARGET);
            if (echo.targetType().isPresent() && echo.targetId().isPresent()) {
                target(g, echo.targetType().get().name(), echo.targetId().get());
            } else {
                g.writeNull();
            }
            string(g, ACTION, echo.action());
            string(g, OUTCOME, r.outcome().name());
            g.writeFieldName(CODE);
            g.writeNumber(r.code());
            string(g, ERROR, r.error());
            string(g, MESSAGE, r.message());
            optional(g, ENTITY, r.entity(), OutputJson::snapshot);
            g.writeFieldName(DUPLICATE);
            g.writeBoolean(r.duplicate());
            instant(g, PROCESSED_AT, r.processedAt());
            string(g, FIELD, r.field());
            g.writeEndObject();
        });
    }

    private static void snapshot(JsonGenerator g, Entity e) throws IOException {
        g.writeStartObject();
        string(g, ENTITY_KEY, e.key().value());
        string(g, TENANT_ID, e.key().tenantId());
        string(g, TYPE, e.key().type().name());
        string(g, ID, e.key().id());
        string(g, IDENTIFIER, e.identifier());
        string(g, STATUS, e.status().name());
        string(g, ACCESS, e.access().name());
        string(g, REASON, e.reason());
        optional(g, DISABLED_BY, e.disabledBy(), (gen, d) -> gen.writeString(d.name()));
        instant(g, VALID_UNTIL, e.validUntil());
        g.writeFieldName(VERSION);
        g.writeNumber(e.version());
        instant(g, CREATED_AT, e.createdAt());
        instant(g, UPDATED_AT, e.updatedAt());
        string(g, UPDATED_BY, e.updatedBy());
        g.writeEndObject();
    }

    private static void target(JsonGenerator g, String type, String id) throws IOException {
        g.writeStartObject();
        string(g, TYPE, type);
        string(g, ID, id);
        g.writeEndObject();
    }

    private static void pair(JsonGenerator g, StatusAccessPair p) throws IOException {
        g.writeStartObject();
        string(g, STATUS, p.status().name());
        string(g, ACCESS, p.access().name());
        g.writeEndObject();
    }

    private static void actor(JsonGenerator g, ActorRef a) throws IOException {
        g.writeStartObject();
        string(g, ID, a.id());
        string(g, TYPE, a.type().name());
        g.writeFieldName(ROLES);
        g.writeStartArray();
        for (int i = 0; i < a.roles().size(); i++) {
            g.writeString(a.roles().get(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void string(JsonGenerator g, SerializableString name, Optional<String> value) throws IOException {
        optional(g, name, value, (gen, v) -> gen.writeString(v));
    }

    /** Cut to milliseconds, as the generated records' setters cut a required timestamp-millis. */
    private static void instant(JsonGenerator g, SerializableString name, Instant value) throws IOException {
        g.writeFieldName(name);
        g.writeString(Instants.format(value.getNano() % 1_000_000 == 0 ? value : value.truncatedTo(ChronoUnit.MILLIS)));
    }

    /** As the generated records keep an optional timestamp: as given, not cut to milliseconds. */
    private static void instant(JsonGenerator g, SerializableString name, Optional<Instant> value) throws IOException {
        optional(g, name, value, (gen, v) -> gen.writeString(Instants.format(v)));
    }

    private interface Part<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    /** An optional field: its value, or an explicit null, as the schemas' optional fields are written. */
    private static <T> void optional(JsonGenerator g, SerializableString name, Optional<T> value, Part<T> part)
            throws IOException {
        g.writeFieldName(name);
        if (value.isPresent()) {
            part.write(g, value.get());
        } else {
            g.writeNull();
        }
    }

    private static byte[] write(Body body) {
        ByteOutput out = BUFFERS.get();
        out.reset();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an output record as JSON", e);
        }
        return out.take();
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
