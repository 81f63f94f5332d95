package io.statusflow.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statusflow.schema.Access;
import io.statusflow.schema.Actor;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.schema.StatusAccess;
import io.statusflow.schema.StatusEvent;
import io.statusflow.schema.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading back what the worker writes: every field, null or not, and a clear refusal of anything else. */
class AvroJsonReadTest {

    private static StatusEvent event(boolean full) {
        return StatusEvent.newBuilder().setEventId("e").setEntityKey("t/user/u").setTenantId("t")
                .setTarget(new Target(EntityType.user, "u"))
                .setPrevious(full ? new StatusAccess(Status.active, Access.full) : null)
                .setCurrent(new StatusAccess(Status.risky, Access.restricted)).setCause("command")
                .setCommandId(full ? "c" : null).setActor(full ? new Actor("a", ActorType.sync, List.of("x", "y")) : null)
                .setReason(full ? "r" : null).setValidUntil(full ? Instant.parse("9999-12-31T23:59:59.999Z") : null)
                .setVersion(Long.MAX_VALUE).setOccurredAt(Instant.parse("1970-01-01T00:00:00Z")).build();
    }

    @Test
    void what_is_written_reads_back_equal() {
        for (StatusEvent e : List.of(event(true), event(false))) {
            assertEquals(e, AvroJson.read(AvroJson.write(e), StatusEvent.class));
        }
    }

    @Test
    void anything_else_is_refused_with_the_field_that_is_wrong() {
        for (String bad : List.of("[]", "{}", "not json", "{\"eventId\":1}")) {
            assertThrows(IllegalArgumentException.class,
                    () -> AvroJson.read(bad.getBytes(StandardCharsets.UTF_8), StatusEvent.class), bad);
        }
        String wrongEnum = new String(AvroJson.write(event(true)), StandardCharsets.UTF_8).replace("\"risky\"", "\"evil\"");
        assertThrows(IllegalArgumentException.class,
                () -> AvroJson.read(wrongEnum.getBytes(StandardCharsets.UTF_8), StatusEvent.class));
        String wrongTime = new String(AvroJson.write(event(true)), StandardCharsets.UTF_8).replace("1970-01-01T00:00:00Z", "yesterday");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvroJson.read(wrongTime.getBytes(StandardCharsets.UTF_8), StatusEvent.class));
        assertEquals("occurredAt is not an ISO-8601 instant", e.getMessage());
    }
}
