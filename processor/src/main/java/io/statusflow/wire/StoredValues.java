package io.statusflow.wire;

import io.statusflow.schema.Access;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import io.statusflow.schema.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of the two values every command reads and writes, an entity's state and a command's
 * answer: Avro binary, as {@link AvroSerde} writes and reads them, field by field with Avro's own
 * encoder and decoder. Avro's generic datum writer and reader resolve each union and convert each
 * timestamp through lookups, which cost more than the bytes. {@code StoredValuesTest} checks these
 * bytes against {@link AvroSerde}'s, both ways, for random values, so a field added to a schema and
 * not here fails the build. An appended field ({@link AvroSerde}) reads as null from a value written
 * before it; bytes after the last field known here are ignored, as a reader of an earlier build must.
 */
public final class StoredValues {

    static {
        io.statusflow.client.AvroTrust.ensure();
    }

    private StoredValues() {}

    private static final EntityType[] ENTITY_TYPES = EntityType.values();
    private static final Status[] STATUSES = Status.values();
    private static final Access[] ACCESSES = Access.values();
    private static final DisabledBy[] DISABLED_BY = DisabledBy.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    private interface Writer<T> {
        void write(BinaryEncoder e, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(BinaryDecoder d) throws IOException;
    }

    public static Serde<EntityState> entityStates() {
        return serde(StoredValues::writeState, StoredValues::readState);
    }

    public static Serde<CommandResult> commandResults() {
        return serde(StoredValues::writeResult, StoredValues::readResult);
    }

    private static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            AvroSerde.Codec codec = AvroSerde.codec();
            codec.out.reset();
            try {
                writer.write(codec.encoder, value);
                codec.encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return codec.out.take();
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            AvroSerde.Codec codec = AvroSerde.codec();
            codec.decoder = DecoderFactory.get().binaryDecoder(bytes, codec.decoder);
            try {
                return reader.read(codec.decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }

    private static void writeState(BinaryEncoder e, EntityState s) throws IOException {
        writeSnapshot(e, s.getSnapshot());
        e.writeLong(s.getMemberCount());
    }

    private static EntityState readState(BinaryDecoder d) throws IOException {
        return new EntityState(readSnapshot(d), d.readLong());
    }

    private static void writeSnapshot(BinaryEncoder e, EntitySnapshot s) throws IOException {
        e.writeString(s.getEntityKey());
        e.writeString(s.getTenantId());
        e.writeEnum(s.getType().ordinal());
        e.writeString(s.getId());
        optional(e, s.getIdentifier());
        e.writeEnum(s.getStatus().ordinal());
        e.writeEnum(s.getAccess().ordinal());
        optional(e, s.getReason());
        if (s.getDisabledBy() == null) {
            e.writeIndex(0);
        } else {
            e.writeIndex(1);
            e.writeEnum(s.getDisabledBy().ordinal());
        }
        optional(e, s.getValidUntil());
        e.writeLong(s.getVersion());
        e.writeLong(s.getCreatedAt().toEpochMilli());
        e.writeLong(s.getUpdatedAt().toEpochMilli());
        optional(e, s.getUpdatedBy());
    }

    private static EntitySnapshot readSnapshot(BinaryDecoder d) throws IOException {
        String entityKey = d.readString();
        String tenantId = d.readString();
        EntityType type = symbol(ENTITY_TYPES, d.readEnum());
        String id = d.readString();
        String identifier = optionalString(d);
        Status status = symbol(STATUSES, d.readEnum());
        Access access = symbol(ACCESSES, d.readEnum());
        String reason = optionalString(d);
        DisabledBy disabledBy = present(d) ? symbol(DISABLED_BY, d.readEnum()) : null;
        Instant validUntil = present(d) ? Instant.ofEpochMilli(d.readLong()) : null;
        long version = d.readLong();
        Instant createdAt = Instant.ofEpochMilli(d.readLong());
        Instant updatedAt = Instant.ofEpochMilli(d.readLong());
        return new EntitySnapshot(entityKey, tenantId, type, id, identifier, status, access, reason, disabledBy,
                validUntil, version, createdAt, updatedAt, optionalString(d));
    }

    private static void writeResult(BinaryEncoder e, CommandResult r) throws IOException {
        e.writeString(r.getCommandId());
        optional(e, r.getTenantId());
        if (r.getTarget() == null) {
            e.writeIndex(0);
        } else {
            e.writeIndex(1);
            e.writeEnum(r.getTarget().getType().ordinal());
            e.writeString(r.getTarget().getId());
        }
        optional(e, r.getAction());
        e.writeEnum(r.getOutcome().ordinal());
        e.writeInt(r.getCode());
        optional(e, r.getError());
        e.writeString(r.getMessage());
        if (r.getEntity() == null) {
            e.writeIndex(0);
        } else {
            e.writeIndex(1);
            writeSnapshot(e, r.getEntity());
        }
        e.writeBoolean(r.getDuplicate());
        e.writeLong(r.getProcessedAt().toEpochMilli());
        optional(e, r.getField());
    }

    private static CommandResult readResult(BinaryDecoder d) throws IOException {
        String commandId = d.readString();
        String tenantId = optionalString(d);
        Target target = present(d) ? new Target(symbol(ENTITY_TYPES, d.readEnum()), d.readString()) : null;
        String action = optionalString(d);
        Outcome outcome = symbol(OUTCOMES, d.readEnum());
        int code = d.readInt();
        String error = optionalString(d);
        String message = d.readString();
        EntitySnapshot entity = present(d) ? readSnapshot(d) : null;
        boolean duplicate = d.readBoolean();
        Instant processedAt = Instant.ofEpochMilli(d.readLong());
        // Appended: a value written before it ends here.
        String field = d.isEnd() ? null : optionalString(d);
        return new CommandResult(commandId, tenantId, target, action, outcome, code, error, message, entity, duplicate,
                processedAt, field);
    }

    private static void optional(BinaryEncoder e, String value) throws IOException {
        if (value == null) {
            e.writeIndex(0);
        } else {
            e.writeIndex(1);
            e.writeString(value);
        }
    }

    private static void optional(BinaryEncoder e, Instant value) throws IOException {
        if (value == null) {
            e.writeIndex(0);
        } else {
            e.writeIndex(1);
            e.writeLong(value.toEpochMilli());
        }
    }

    private static String optionalString(BinaryDecoder d) throws IOException {
        return present(d) ? d.readString() : null;
    }

    /** A union of null and one type: whether the value is there. */
    private static boolean present(BinaryDecoder d) throws IOException {
        int index = d.readIndex();
        if (index != 0 && index != 1) {
            throw new AvroRuntimeException("union index " + index + " of a stored value is not 0 or 1");
        }
        return index == 1;
    }

    private static <E> E symbol(E[] symbols, int index) {
        if (index < 0 || index >= symbols.length) {
            throw new AvroRuntimeException("enum index " + index + " of a stored value is not one of "
                    + symbols.length + " symbols");
        }
        return symbols[index];
    }
}
