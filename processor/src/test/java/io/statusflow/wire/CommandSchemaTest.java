package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.statusflow.domain.RawCommand;
import io.statusflow.schema.Command;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Command.avsc is the published shape of a command; the reader must read exactly its fields, in
 * its order, so that the schema other teams generate code from cannot drift from what the worker
 * accepts.
 */
class CommandSchemaTest {

    @Test
    void the_reader_reads_exactly_the_fields_of_the_command_schema() {
        List<String> schema = Command.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
        List<String> read = Arrays.stream(RawCommand.class.getRecordComponents()).map(c -> c.getName()).toList();
        assertEquals(schema, read);
    }

    @Test
    void the_actions_and_causes_are_the_schemas_own_values() {
        assertEquals(Command.getClassSchema().getField("action").getObjectProp("values"),
                Arrays.stream(io.statusflow.domain.Action.values()).map(io.statusflow.domain.Action::wire).toList());
        assertEquals(io.statusflow.schema.StatusEvent.getClassSchema().getField("cause").getObjectProp("values"),
                Arrays.stream(io.statusflow.domain.Cause.values()).map(io.statusflow.domain.Cause::wire).toList());
    }

    @Test
    void a_command_with_every_field_of_the_schema_is_read_whole() {
        String json = "{\"commandId\":\"c-1\",\"tenantId\":\"t1\",\"target\":{\"type\":\"user\",\"id\":\"u1\"},"
                + "\"action\":\"set-status\",\"reason\":\"r\",\"status\":\"risky\",\"identifier\":\"u1@t1\","
                + "\"validUntil\":\"2030-01-01T00:00:00Z\",\"expectedVersion\":3,"
                + "\"actor\":{\"id\":\"a\",\"type\":\"service\",\"roles\":[\"admin\"]},\"issuedAt\":\"2026-11-22T10:00:00Z\"}";
        RawCommand c = assertInstanceOf(ReadOutcome.Readable.class,
                new CommandReader(64 * 1024).read(json.getBytes(StandardCharsets.UTF_8))).command();
        for (var component : RawCommand.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(c);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (value instanceof Optional<?> o) {
                assertEquals(true, o.isPresent(), component.getName());
            }
        }
    }
}
