package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Decision;
import io.statusflow.domain.Published;
import io.statusflow.domain.Result;
import io.statusflow.domain.StatusMachine;
import io.statusflow.domain.Step;
import io.statusflow.domain.SubscriptionEnd;
import io.statusflow.domain.TenantCascade;
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
        KeyValueStore<String, String> identifiers = context.getStateStore(StoreNames.IDENTIFIERS);
        KeyValueStore<String, Long> rates = context.getStateStore(StoreNames.RATES);
        KeyValueStore<String, CommandResult> ids = context.getStateStore(StoreNames.COMMAND_IDS);
        KeyValueStore<String, String> cursors = context.getStateStore(StoreNames.PURGE_CURSORS);
        KeyValueStore<String, String> tenantExpiry = context.getStateStore(StoreNames.TENANT_EXPIRY);
        KeyValueStore<String, CascadeProgress> cascades = context.getStateStore(StoreNames.CASCADES);
        this.commandIds = new CommandIds(ids, cursors, settings.idempotencyWindow());
        this.state = new StoreState(entities, identifiers, rates, tenantExpiry, cascades, commandIds);
        this.publisher = new Publisher(context);
        Purge purge = new Purge(ids, cursors, rates, settings.idempotencyWindow(), settings.rules().rateWindow());
        schedules.add(context.schedule(Purge.INTERVAL, PunctuationType.WALL_CLOCK_TIME, purge::run));
        schedules.add(context.schedule(settings.expiryScanInterval(), PunctuationType.WALL_CLOCK_TIME,
                t -> run(SubscriptionEnd.scan(state, Instant.ofEpochMilli(t), SubscriptionEnd.MAX_PER_SCAN,
                        settings.cascadeChunk()))));
        schedules.add(context.schedule(settings.cascadeInterval(), PunctuationType.WALL_CLOCK_TIME,
                t -> run(TenantCascade.resume(state, settings.cascadeChunk(), Instant.ofEpochMilli(t)))));
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
        plan.apply();
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

    /** Reads and decides: the whole answer, every write and record built, nothing yet written or sent. */
    private Plan plan(Record<byte[], byte[]> record, Optional<ReadOutcome.Unreadable> outOfBounds, ReadOutcome read,
            Instant now) {
        Optional<String> commandId = commandId(read);
        Optional<Decision> decision;
        Optional<DeadLetter> letter = Optional.empty();
        if (outOfBounds.isPresent()) {
            // Answered, never remembered: the key is out of its bounds, so it must not reach a store.
            ReadOutcome.Unreadable why = outOfBounds.get();
            letter = Optional.of(deadLetter(record, why.error(), why.message()));
            decision = commandId.map(id -> StatusMachine.outOfBounds(id, why.message(), now));
        } else if (read instanceof ReadOutcome.Unreadable unreadable) {
            String key = key(record);
            decision = commandId.map(id -> StatusMachine.unreadable(key, id, unreadable.message(), state, now));
            if (!(decision.orElse(null) instanceof Decision.Repeated)) {
                letter = Optional.of(deadLetter(record, unreadable.error(), unreadable.message()));
            }
        } else {
            decision = Optional.of(machine.answer(key(record), ((ReadOutcome.Readable) read).command(), state, now));
        }
        return new Plan(decision, letter, now);
    }

    /** Deciding this record threw: a bug. Answer 500 when its commandId is known, dead-letter it with the error, change nothing. */
    private Plan failed(Record<byte[], byte[]> record, boolean keyInBounds, Optional<ReadOutcome> read,
            RuntimeException e, Instant now) {
        log.error("deciding a command failed; answering it 500 and dead-lettering it", e);
        Headers why = headers("statusflow.internal-error", cut(e.getClass().getName() + ": " + e.getMessage(),
                MAX_ERROR_MESSAGE));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        why.add("__streams.errors.stacktrace", cut(trace.toString(), MAX_STACK_TRACE).getBytes(StandardCharsets.UTF_8));
        why.add("__streams.errors.class", e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        Optional<Decision> decision = read.flatMap(CommandProcessor::commandId).map(id -> {
            Result.Echo echo = read.get() instanceof ReadOutcome.Readable r ? Result.Echo.of(r.command()) : Result.Echo.NONE;
            Decision failed = StatusMachine.failed(id, echo, now);
            return keyInBounds ? failed.remembered(key(record)) : failed;
        });
        return new Plan(decision, Optional.of(DeadLetter.fit(record, why, settings.maxRecordBytes())), now);
    }

    /** Runs a step no command asked for (a cascade's, an expiry's): its writes, then its records. */
    private void run(Step step) {
        if (step.isEmpty()) {
            return;
        }
        Runnable writes = state.prepare(step.writes());
        List<Publisher.Output> outputs = new ArrayList<>();
        step.published().forEach(p -> published(p, outputs));
        writes.run();
        outputs.forEach(publisher::forward);
    }

    private static void published(Published p, List<Publisher.Output> outputs) {
        outputs.add(Publisher.event(p.event()));
        outputs.add(Publisher.snapshot(p.snapshot(), p.event().occurredAt()));
    }

    private static String key(Record<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
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

    /**
     * Everything one command record will write and send, built before any of it happens: the
     * decision's writes and records, the first step of a cascade it starts, its dead letter.
     */
    private final class Plan {
        final Runnable writes;
        final List<Publisher.Output> outputs = new ArrayList<>();
        final Optional<DeadLetter> deadLetter;
        final Optional<CommandResult> result;
        final Optional<Publisher.Output> resultOutput;

        Plan(Optional<Decision> decision, Optional<DeadLetter> deadLetter, Instant now) {
            this.deadLetter = deadLetter;
            List<Change> changes = new ArrayList<>(decision.map(Decision::writes).orElse(List.of()));
            if (decision.orElse(null) instanceof Decision.Applied applied) {
                applied.event().ifPresent(e -> outputs.add(Publisher.event(e)));
                outputs.add(Publisher.snapshot(applied.snapshot(), now));
                if (applied.cascade().isPresent()) {
                    // No member is among the command's writes, so this step reads what it would read after them.
                    Step first = TenantCascade.start(applied.snapshot(), applied.cascade().get(), state,
                            settings.cascadeChunk(), now);
                    changes.addAll(first.writes());
                    first.published().forEach(p -> published(p, outputs));
                }
            }
            this.writes = state.prepare(changes);
            this.result = decision.map(d -> Records.result(d.result()));
            this.resultOutput = result.map(r -> Publisher.result(r, now));
        }

        /** Writes, then sends: the changes, the dead letter, and last the answer. */
        void apply() {
            writes.run();
            outputs.forEach(publisher::forward);
            deadLetter.ifPresent(publisher::deadLetter);
            resultOutput.ifPresent(publisher::forward);
            result.ifPresent(r -> observer.answered(r.getOutcome().name(), r.getCode(), r.getDuplicate(),
                    System.nanoTime() - startedNanos));
        }
    }
}
