package io.statusflow.topology;

import io.statusflow.domain.Entity;
import io.statusflow.domain.Event;
import io.statusflow.schema.CommandResult;
import io.statusflow.wire.AvroJson;
import io.statusflow.wire.Records;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Writes the worker's outputs to their sinks, as JSON keyed as SPEC section 3 says. */
final class Publisher {

    private final ProcessorContext<OutKey, byte[]> context;
    private final int taskPartition;

    Publisher(ProcessorContext<OutKey, byte[]> context) {
        this.context = context;
        this.taskPartition = context.taskId().partition();
    }

    void event(Event event) {
        forward(Sinks.EVENTS, event.key().value(), AvroJson.write(Records.event(event)), event.occurredAt());
    }

    /** The entity's snapshot on the current-status topic; a tombstone once it is deleted. */
    void snapshot(Entity entity, Instant now) {
        byte[] value = entity.isDeleted() ? null : AvroJson.write(Records.snapshot(entity));
        forward(Sinks.CURRENT, entity.key().value(), value, now);
    }

    /** An event and the snapshot it leads to. */
    void change(Event event, Entity entity) {
        event(event);
        snapshot(entity, event.occurredAt());
    }

    void result(CommandResult result, Instant now) {
        forward(Sinks.RESULTS, result.getCommandId(), AvroJson.write(result), now);
    }

    void deadLetter(byte[] key, byte[] value, long timestamp, Headers headers) {
        context.forward(new Record<>(new OutKey(key, taskPartition), value, timestamp, headers), Sinks.DEAD_LETTERS);
    }

    private void forward(String sink, String key, byte[] value, Instant now) {
        context.forward(new Record<>(new OutKey(key.getBytes(StandardCharsets.UTF_8), taskPartition), value,
                now.toEpochMilli()), sink);
    }
}
