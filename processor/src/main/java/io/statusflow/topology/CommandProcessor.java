package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Decision;
import io.statusflow.domain.StatusMachine;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.RecordBounds;
import io.statusflow.wire.Records;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one command record to the state machine. A record on a partition that does not own its
 * tenant goes, unchanged, to the owner's task through the reroute topic. Otherwise the whole answer
 * is planned first (idempotency, reading, deciding, every store write and output record built),
 * then applied in one pass: an exception while planning is a bug in one command, answered 500 and
 * dead-lettered, and the partition goes on. Holds no state of its own beyond the stores.
 */
final class CommandProcessor implements Processor<byte[], byte[], OutKey, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);
    private static final int MAX_ERROR_MESSAGE = 1_000;
    private static final int MAX_STACK_TRACE = 8_192;

    private final WorkerSettings settings;
    private final StatusMachine machine;
    private final CommandReader reader;
    private final CommandObserver observer;
    private final List<Cancellable> schedules = new ArrayList<>();
    private ProcessorContext<OutKey, byte[]> context;
    private StoreState state;
    private CommandIds commandIds;
    private Publisher publisher;
    private Cascades cascades;
    private boolean warnedOfRerouting;
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
        KeyValueStore<String, CommandResult> ids = context.getStateStore(StoreNames.COMMAND_IDS);
        KeyValueStore<String, String> cursors = context.getStateStore(StoreNames.PURGE_CURSORS);
        KeyValueStore<String, String> tenantExpiry = context.getStateStore(StoreNames.TENANT_EXPIRY);
        KeyValueStore<String, CascadeProgress> progress = context.getStateStore(StoreNames.CASCADES);
        this.state = new StoreState(entities, aliases, rates, tenantExpiry);
        this.commandIds = new CommandIds(ids, cursors, settings.idempotencyWindow());
        this.publisher = new Publisher(context);
        this.cascades = new Cascades(entities, progress, publisher, settings.cascadeChunk());
        Expiry purge = new Expiry(ids, cursors, rates, settings.idempotencyWindow(), settings.rules().rateWindow());
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
        Optional<ReadOutcome.Unreadable> outOfBounds = RecordBounds.check(record.key(), record.headers());
        if (outOfBounds.isEmpty() && (record.value() == null || record.value().length <= settings.maxCommandBytes())
                && rerouted(record)) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        commandIds.open(now);
        Plan plan;
        ReadOutcome read = null;
        try {
            read = reader.read(record.value());
            plan = plan(record, outOfBounds, read, now);
        } catch (RuntimeException e) {
            plan = failed(record, outOfBounds.isEmpty(), Optional.ofNullable(read), e, now);
        }
        apply(plan);
    }

    /**
     * Sends the record to the task that owns its key, if that is not this one. A record is owned by
     * the partition Java's default partitioner gives its key; one read from the reroute topic is
     * where it belongs (the topics have the same partition count) and never moves again.
     */
    private boolean rerouted(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> md = context.recordMetadata();
        if (settings.commandPartitions() <= 1 || md.isEmpty() || !md.get().topic().equals(settings.topics().commands())) {
            return false;
        }
        int owner = owner(record.key(), settings.commandPartitions());
        int arrived = md.get().partition();
        if (owner == arrived) {
            return false;
        }
        publisher.reroute(record, owner);
        observer.rerouted(arrived, owner);
        if (!warnedOfRerouting) {
            warnedOfRerouting = true;
            log.warn("commands arrive on partition {} of {} for tenants it does not own (Java's partitioner puts key"
                    + " '{}' on partition {}): a producer partitions with another hash, as librdkafka's clients do by"
                    + " default. statusflow forwards such commands to their owner, one more hop each; set"
                    + " partitioner=murmur2_random on those producers to save it. Logged once per partition.",
                    arrived, md.get().topic(), record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8),
                    owner);
        }
        return true;
    }

    /** The partition Java's default partitioner gives this key (murmur2); a record without a key as an empty one. */
    static int owner(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key == null ? new byte[0] : key)) % partitions;
    }

    private Plan plan(Record<byte[], byte[]> record, Optional<ReadOutcome.Unreadable> outOfBounds, ReadOutcome read,
            Instant now) {
        Optional<String> commandId = commandId(read);
        Plan plan = new Plan(now);
        if (outOfBounds.isPresent()) {
            // Answered, never remembered: the key is out of its bounds, so it must not reach a store.
            ReadOutcome.Unreadable why = outOfBounds.get();
            plan.deadLetter(deadLetter(record, why.error(), why.message()));
            commandId.ifPresent(id -> plan.answer(Records.unreadable(id, "unreadable command: " + why.message(), now), now));
            return plan;
        }
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (commandId.isPresent()) {
            Optional<CommandResult> first = commandIds.first(key, commandId.get(), now);
            if (first.isPresent()) {
                plan.answer(CommandResult.newBuilder(first.get()).setDuplicate(true).build(), now);
                return plan;
            }
        }
        if (read instanceof ReadOutcome.Unreadable unreadable) {
            plan.deadLetter(deadLetter(record, unreadable.error(), unreadable.message()));
            commandId.ifPresent(id -> plan.remember(key, id,
                    Records.unreadable(id, "unreadable command: " + unreadable.message(), now), now));
            return plan;
        }
        ReadOutcome.Readable readable = (ReadOutcome.Readable) read;
        Decision decision = machine.decide(key, readable.command(), state, now);
        for (Change change : decision.changes()) {
            plan.writes.add(state.prepare(change));
            if (change instanceof Change.StartCascade start) {
                plan.cascades.add(start);
            }
        }
        decision.events().forEach(e -> plan.outputs.add(Publisher.event(e)));
        for (Change change : decision.changes()) {
            if (change instanceof Change.PutEntity put && put.published()) {
                plan.outputs.add(Publisher.snapshot(put.entity(), now));
            }
        }
        plan.remember(key, readable.command().commandId(), Records.result(readable.command().commandId(), decision, now),
                now);
        return plan;
    }

    /** Planning this record threw: a bug. Answer 500 when its commandId is known, dead-letter it with the error, change nothing. */
    private Plan failed(Record<byte[], byte[]> record, boolean keyInBounds, Optional<ReadOutcome> read,
            RuntimeException e, Instant now) {
        log.error("deciding a command failed; answering it 500 and dead-lettering it", e);
        Plan plan = new Plan(now);
        Headers why = headers("statusflow.internal-error", cut(e.getClass().getName() + ": " + e.getMessage(),
                MAX_ERROR_MESSAGE));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        why.add("__streams.errors.stacktrace", cut(trace.toString(), MAX_STACK_TRACE).getBytes(StandardCharsets.UTF_8));
        why.add("__streams.errors.class", e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        plan.deadLetter(DeadLetter.fit(record, why, settings.maxRecordBytes()));
        Optional<String> commandId = read.flatMap(CommandProcessor::commandId);
        if (commandId.isPresent()) {
            Optional<Decision.Echo> echo = read.filter(ReadOutcome.Readable.class::isInstance)
                    .map(r -> StatusMachine.echo(((ReadOutcome.Readable) r).command()));
            CommandResult result = Records.internalError(commandId.get(), echo, now);
            if (keyInBounds) {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                plan.remember(key, commandId.get(), result, now);
            } else {
                plan.answer(result, now);
            }
        }
        return plan;
    }

    private void apply(Plan plan) {
        plan.writes.forEach(Runnable::run);
        plan.outputs.forEach(publisher::forward);
        for (Change.StartCascade start : plan.cascades) {
            cascades.start(start.tenantId(), start.trigger(), plan.now);
        }
        plan.deadLetter.ifPresent(publisher::deadLetter);
        if (plan.result != null) {
            plan.remember.ifPresent(Runnable::run);
            publisher.forward(plan.resultOutput);
            observer.answered(plan.result.getOutcome().name(), plan.result.getCode(), plan.result.getDuplicate(),
                    System.nanoTime() - startedNanos);
        }
    }

    private static Optional<String> commandId(ReadOutcome read) {
        return read instanceof ReadOutcome.Readable r ? Optional.of(r.command().commandId())
                : ((ReadOutcome.Unreadable) read).commandId();
    }

    private DeadLetter deadLetter(Record<byte[], byte[]> record, String error, String message) {
        return DeadLetter.fit(record, headers("statusflow." + error, message), settings.maxRecordBytes());
    }

    /** Same header names as Kafka Streams' own dead-letter records (KIP-1034). */
    private Headers headers(String exception, String message) {
        Headers headers = new RecordHeaders();
        headers.add("__streams.errors.exception", bytes(exception));
        headers.add("__streams.errors.message", bytes(message));
        context.recordMetadata().ifPresent(m -> {
            headers.add("__streams.errors.topic", bytes(m.topic()));
            headers.add("__streams.errors.partition", bytes(Integer.toString(m.partition())));
            headers.add("__streams.errors.offset", bytes(Long.toString(m.offset())));
        });
        return headers;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything one command will write and send, built before any of it happens. */
    private final class Plan {
        /** The clock the command was decided at; its cascade starts at the same instant. */
        final Instant now;
        final List<Runnable> writes = new ArrayList<>();
        final List<Publisher.Output> outputs = new ArrayList<>();
        final List<Change.StartCascade> cascades = new ArrayList<>();
        Optional<DeadLetter> deadLetter = Optional.empty();
        Optional<Runnable> remember = Optional.empty();
        CommandResult result;
        Publisher.Output resultOutput;

        Plan(Instant now) {
            this.now = now;
        }

        void deadLetter(DeadLetter letter) {
            deadLetter = Optional.of(letter);
        }

        void answer(CommandResult r, Instant now) {
            result = r;
            resultOutput = Publisher.result(r, now);
        }

        /** Answers and keeps the answer for the idempotency window. */
        void remember(String key, String commandId, CommandResult r, Instant now) {
            answer(r, now);
            remember = Optional.of(() -> commandIds.put(key, commandId, r));
        }
    }
}
