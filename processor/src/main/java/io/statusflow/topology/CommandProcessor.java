package io.statusflow.topology;

import io.statusflow.domain.Change;
import io.statusflow.domain.Decision;
import io.statusflow.domain.Published;
import io.statusflow.domain.Result;
import io.statusflow.domain.Sender;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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

    private final WorkerSettings settings;
    private final StatusMachine machine;
    private final CommandReader reader;
    private final CommandObserver observer;
    private final Senders senders;
    private final List<Cancellable> schedules = new ArrayList<>();
    private ProcessorContext<OutKey, byte[]> context;
    private StoreState state;
    private CommandIds commandIds;
    private Publisher publisher;
    private Reroute reroute;
    private long startedNanos;

    CommandProcessor(WorkerSettings settings, CommandObserver observer) {
        this.settings = settings;
        this.observer = observer;
        this.machine = new StatusMachine(settings.rules(), settings.cascadeChunk());
        this.reader = new CommandReader(settings.maxCommandBytes());
        this.senders = new Senders(settings.tokens());
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
        this.reroute = new Reroute(context, publisher, observer, settings.topics().commands().name(), settings.commandPartitions());
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
                && reroute.sent(record)) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        commandIds.open(now);
        Plan plan;
        ReadOutcome read = null;
        Sender sender = null;
        try {
            read = reader.read(record.value());
            // The record's timestamp is the broker's append time (see AppendTime): a backlog is judged as sent.
            sender = senders.of(record.headers(), Instant.ofEpochMilli(record.timestamp()));
            plan = plan(record, outOfBounds, read, sender, now);
        } catch (RuntimeException e) {
            boolean remember = outOfBounds.isEmpty() && sender != null && sender.speaksFor(key(record));
            plan = failed(record, remember, Optional.ofNullable(read), e, now);
        }
        plan.apply();
    }

    /** Reads and decides: the whole answer, every write and record built, nothing yet written or sent. */
    private Plan plan(Record<byte[], byte[]> record, Optional<ReadOutcome.Unreadable> outOfBounds, ReadOutcome read,
            Sender sender, Instant now) {
        Optional<String> commandId = commandId(read);
        Optional<Decision> decision;
        Optional<DeadLetter> letter = Optional.empty();
        if (outOfBounds.isPresent()) {
            // Answered, never remembered: the key is out of its bounds, so it must not reach a store.
            ReadOutcome.Unreadable why = outOfBounds.get();
            letter = Optional.of(deadLetter(record, why));
            decision = commandId.map(id -> StatusMachine.outOfBounds(id, why.message(), now));
        } else if (read instanceof ReadOutcome.Unreadable unreadable) {
            String key = key(record);
            decision = commandId.map(id -> StatusMachine.unreadable(key, id, unreadable.message(), sender, state, now));
            if (!(decision.orElse(null) instanceof Decision.Repeated)) {
                letter = Optional.of(deadLetter(record, unreadable));
            }
        } else {
            decision = Optional.of(machine.answer(key(record), ((ReadOutcome.Readable) read).command(), sender, state, now));
        }
        return new Plan(decision, letter, now);
    }

    /** Deciding this record threw: a bug. Answer 500 when its commandId is known, dead-letter it with the error, change nothing. */
    /** @param remember whether the answer may be remembered: the key is in its bounds and the sender speaks for it */
    private Plan failed(Record<byte[], byte[]> record, boolean remember, Optional<ReadOutcome> read,
            RuntimeException e, Instant now) {
        log.error("deciding a command failed; answering it 500 and dead-lettering it", e);
        Optional<Decision> decision = read.flatMap(CommandProcessor::commandId).map(id -> {
            Result.Echo echo = read.get() instanceof ReadOutcome.Readable r ? Result.Echo.of(r.command()) : Result.Echo.NONE;
            Decision failed = StatusMachine.failed(id, echo, now);
            return remember ? failed.remembered(key(record)) : failed;
        });
        return new Plan(decision, Optional.of(DeadLetter.failure(record, e, context.recordMetadata(),
                settings.maxRecordBytes())), now);
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

    private DeadLetter deadLetter(Record<byte[], byte[]> record, ReadOutcome.Unreadable why) {
        return DeadLetter.unreadable(record, why.error(), why.message(), context.recordMetadata(), settings.maxRecordBytes());
    }

    private static String key(Record<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static Optional<String> commandId(ReadOutcome read) {
        return read instanceof ReadOutcome.Readable r ? Optional.of(r.command().commandId())
                : ((ReadOutcome.Unreadable) read).commandId();
    }

    /**
     * Everything one command record will write and send, built before any of it happens: the
     * decision's writes and records, the first step of a cascade it starts, its dead letter.
     */
    private final class Plan {
        final Runnable writes;
        final List<Publisher.Output> outputs = new ArrayList<>();
        final Optional<DeadLetter> deadLetter;
        final Optional<Result> result;
        final Optional<Publisher.Output> resultOutput;

        Plan(Optional<Decision> decision, Optional<DeadLetter> deadLetter, Instant now) {
            this.deadLetter = deadLetter;
            List<Change> changes = new ArrayList<>(decision.map(Decision::writes).orElse(List.of()));
            if (decision.orElse(null) instanceof Decision.Applied applied) {
                applied.event().ifPresent(e -> outputs.add(Publisher.event(e)));
                outputs.add(Publisher.snapshot(applied.snapshot(), now));
                applied.cascade().ifPresent(first -> {
                    changes.addAll(first.writes());
                    first.published().forEach(p -> published(p, outputs));
                });
            }
            this.writes = state.prepare(changes);
            this.result = decision.map(Decision::result);
            this.resultOutput = result.map(r -> Publisher.result(r, now));
        }

        /** Writes, then sends: the changes, the dead letter, and last the answer. */
        void apply() {
            writes.run();
            outputs.forEach(publisher::forward);
            deadLetter.ifPresent(publisher::deadLetter);
            resultOutput.ifPresent(publisher::forward);
            result.ifPresent(r -> observer.answered(r.outcome().name(), r.code(), r.duplicate(),
                    System.nanoTime() - startedNanos));
        }
    }
}
