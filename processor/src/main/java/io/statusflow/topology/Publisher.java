package io.statusflow.topology;

import io.statusflow.domain.Entity;
import io.statusflow.domain.Event;
import io.statusflow.domain.Result;
import io.statusflow.wire.OutputJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Writes the worker's outputs to their sinks, as JSON keyed as docs/contract.md's "Topics" says. Each
 * output can be rendered first ({@link Output}) and forwarded later, so that a command's records
 * are all built before any of them, or any store write, happens.
 */
final class Publisher {

    /** An output record, rendered, not yet forwarded. */
    record Output(String sink, byte[] key, byte[] value, long timestamp, Headers headers) {}

    private final ProcessorContext<OutKey, byte[]> context;
    private final int taskPartition;

    Publisher(ProcessorContext<OutKey, byte[]> context) {
        this.context = context;
        this.taskPartition = context.taskId().partition();
    }

    static Output event(Event event) {
        String eventId = event.eventId();
        Output out = output(Sinks.EVENTS, event.key().value(), OutputJson.event(event, eventId), event.occurredAt());
        CloudEventHeaders.add(out.headers(), event, eventId);
        return out;
    }

    /** The entity's snapshot on the current-status topic; a tombstone once it is deleted. */
    static Output snapshot(Entity entity, Instant now) {
        byte[] value = entity.isDeleted() ? null : OutputJson.snapshot(entity);
        return output(Sinks.CURRENT, entity.key().value(), value, now);
    }

    static Output result(Result result, Instant now) {
        return output(Sinks.RESULTS, result.commandId(), OutputJson.result(result), now);
    }

    void forward(Output out) {
        context.forward(new Record<>(new OutKey(out.key(), taskPartition), out.value(), out.timestamp(), out.headers()),
                out.sink());
    }

    void deadLetter(DeadLetter letter) {
        context.forward(new Record<>(new OutKey(letter.key(), taskPartition), letter.value(), letter.timestamp(),
                letter.headers()), Sinks.DEAD_LETTERS);
    }

    /** The record, unchanged, to the task of the partition that owns its key. */
    void reroute(Record<byte[], byte[]> record, int owner) {
        context.forward(new Record<>(new OutKey(record.key(), owner), record.value(), record.timestamp(),
                record.headers()), Sinks.REROUTED);
    }

    private static Output output(String sink, String key, byte[] value, Instant at) {
        return new Output(sink, key.getBytes(StandardCharsets.UTF_8), value, at.toEpochMilli(), new RecordHeaders());
    }
}
