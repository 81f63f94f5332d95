package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Decision;
import io.statusflow.domain.StatusMachine;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.Records;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;

/**
 * Wires one command record to the state machine: idempotency, reading, deciding, writing the
 * stores, and forwarding events, snapshots, the result and dead letters. Holds no state of its
 * own beyond the stores.
 */
final class CommandProcessor implements Processor<byte[], byte[], OutKey, byte[]> {

    private final WorkerSettings settings;
    private final StatusMachine machine;
    private final CommandReader reader;
    private ProcessorContext<OutKey, byte[]> context;
    private StoreState state;
    private KeyValueStore<String, CommandResult> commandIds;
    private Publisher publisher;
    private Cascades cascades;
    private final java.util.List<Cancellable> schedules = new java.util.ArrayList<>();

    private final CommandObserver observer;
    private long startedNanos;

    CommandProcessor(WorkerSettings settings, CommandObserver observer) {
        this.settings = settings;
        this.observer = observer;
        this.machine = new StatusMachine(settings.rules());
        this.reader = new CommandReader(settings.maxCommandBytes());
    }

    @Override
    public void init(ProcessorContext<OutKey, byte[]> context) {
        this.context = context;
        KeyValueStore<String, EntityState> entities = context.getStateStore(StoreNames.ENTITIES);
        KeyValueStore<String, String> aliases = context.getStateStore(StoreNames.ALIASES);
        KeyValueStore<String, Long> rates = context.getStateStore(StoreNames.RATES);
        this.commandIds = context.getStateStore(StoreNames.COMMAND_IDS);
        KeyValueStore<String, String> cursors = context.getStateStore(StoreNames.PURGE_CURSORS);
        KeyValueStore<String, String> tenantExpiry = context.getStateStore(StoreNames.TENANT_EXPIRY);
        KeyValueStore<String, CascadeProgress> progress = context.getStateStore(StoreNames.CASCADES);
        this.state = new StoreState(entities, aliases, rates, tenantExpiry);
        this.publisher = new Publisher(context);
        this.cascades = new Cascades(entities, progress, publisher, settings.cascadeChunk());
        Expiry purge = new Expiry(commandIds, cursors, rates, settings.idempotencyWindow(),
                settings.rules().rateWindow());
        SubscriptionExpiry subscriptions = new SubscriptionExpiry(entities, tenantExpiry, cascades, publisher);
        schedules.add(context.schedule(Expiry.INTERVAL, PunctuationType.WALL_CLOCK_TIME, purge::run));
        schedules.add(context.schedule(settings.expiryScanInterval(), PunctuationType.WALL_CLOCK_TIME,
                t -> subscriptions.scan(Instant.ofEpochMilli(t))));
        schedules.add(context.schedule(settings.cascadeInterval(), PunctuationType.WALL_CLOCK_TIME,
                t -> cascades.resume(Instant.ofEpochMilli(t))));
    }

    @Override
    public void close() {
        schedules.forEach(Cancellable::cancel);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        startedNanos = System.nanoTime();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        ReadOutcome read = reader.read(record.value());
        Optional<String> commandId = read instanceof ReadOutcome.Readable r
                ? Optional.of(r.command().commandId())
                : ((ReadOutcome.Unreadable) read).commandId();

        String idKey = key + "/" + commandId.orElse("");
        if (commandId.isPresent()) {
            Optional<CommandResult> first = firstResult(idKey, now);
            if (first.isPresent()) {
                CommandResult again = CommandResult.newBuilder(first.get()).setDuplicate(true).build();
                forwardResult(again, now);
                return;
            }
        }
        if (read instanceof ReadOutcome.Unreadable unreadable) {
            deadLetter(record, unreadable);
            commandId.ifPresent(id -> answer(idKey,
                    Records.unreadable(id, "unreadable command: " + unreadable.message(), now), now));
            return;
        }
        ReadOutcome.Readable readable = (ReadOutcome.Readable) read;
        Decision decision = machine.decide(key, readable.command(), state, now);
        for (Change change : decision.changes()) {
            state.apply(change);
        }
        decision.events().forEach(publisher::event);
        for (Change change : decision.changes()) {
            if (change instanceof Change.PutEntity put && put.published()) {
                publisher.snapshot(put.entity(), now);
            }
        }
        for (Change change : decision.changes()) {
            if (change instanceof Change.StartCascade start) {
                cascades.start(start.tenantId(), start.trigger(), now);
            }
        }
        answer(idKey, Records.result(readable.command().commandId(), decision, now), now);
    }

    /** The first result of this command id, unless it is older than the window (and not yet purged). */
    private Optional<CommandResult> firstResult(String idKey, Instant now) {
        CommandResult first = commandIds.get(idKey);
        Instant from = now.minus(settings.idempotencyWindow());
        return first != null && first.getProcessedAt().isAfter(from) ? Optional.of(first) : Optional.empty();
    }

    private void answer(String idKey, CommandResult result, Instant now) {
        commandIds.put(idKey, result);
        forwardResult(result, now);
    }

    private void forwardResult(CommandResult result, Instant now) {
        publisher.result(result, now);
        observer.answered(result.getOutcome().name(), result.getCode(), result.getDuplicate(),
                System.nanoTime() - startedNanos);
    }

    /** Same header names as Kafka Streams' own dead-letter records (KIP-1034). */
    private void deadLetter(Record<byte[], byte[]> record, ReadOutcome.Unreadable why) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add("__streams.errors.exception", bytes("statusflow." + why.error()));
        headers.add("__streams.errors.message", bytes(why.message()));
        context.recordMetadata().ifPresent(m -> {
            headers.add("__streams.errors.topic", bytes(m.topic()));
            headers.add("__streams.errors.partition", bytes(Integer.toString(m.partition())));
            headers.add("__streams.errors.offset", bytes(Long.toString(m.offset())));
        });
        publisher.deadLetter(record.key(), record.value(), record.timestamp(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
