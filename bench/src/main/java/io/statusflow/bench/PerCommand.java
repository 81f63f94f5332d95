package io.statusflow.bench;

import io.statusflow.domain.Change;
import io.statusflow.domain.Decision;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Event;
import io.statusflow.domain.RawCommand;
import io.statusflow.domain.Rules;
import io.statusflow.domain.Result;
import io.statusflow.domain.StateView;
import io.statusflow.domain.SubscriptionEnd;
import io.statusflow.domain.TenantCascade;
import io.statusflow.domain.StatusMachine;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.StoredValues;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.OutputJson;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.Records;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The worker's own CPU work for one status command, without Kafka Streams, RocksDB or the
 * producer: parse the JSON, decide, encode what the stores keep (Avro) and what the topics get
 * (JSON). Its state is a map of Avro bytes, so every read and write pays the codec it pays in the
 * worker. The command is a tenant admin (a user actor: looked up, rate counted) toggling a user
 * between active and inactive, the commonest command of the benchmark's mix. Run by
 * {@code bench/jmh}; its figures set against the worker's CPU per command say how much of that
 * is statusflow's code and how much the machinery around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.statusflow")
public class PerCommand {

    private static final String TENANT = "t1";

    private final StatusMachine machine = new StatusMachine(Rules.defaults(), io.statusflow.topology.WorkerSettings.DEFAULT_CASCADE_CHUNK);
    private final CommandReader reader = new CommandReader(64 * 1024);
    private final Serializer<EntityState> entityWriter = StoredValues.entityStates().serializer();
    private final Deserializer<EntityState> entityReader = StoredValues.entityStates().deserializer();
    private final Serializer<CommandResult> resultWriter = StoredValues.commandResults().serializer();

    private AvroState state;
    private DecodedState decoded;
    private byte[][] toggles;
    private RawCommand deactivate;
    private Decision decided;
    private byte[] storedEntity;
    private Instant now;
    private long sequence;

    @Setup
    public void setUp() {
        now = Instant.parse("2026-11-23T10:00:00Z");
        state = new AvroState();
        run(command("c-1", "tenant", TENANT, "register", "", Mix.PLATFORM));
        run(command("c-2", "user", "admin", "register", ",\"status\":\"active\"", Mix.PLATFORM));
        run(command("c-3", "user", "u1", "register", ",\"status\":\"active\"", Mix.PLATFORM));
        toggles = new byte[][] {
            command("8f14e45f-ceea-4e7a-8b2c-1d5c8e0a9b31", "user", "u1", "deactivate", "", Mix.ADMIN),
            command("8f14e45f-ceea-4e7a-8b2c-1d5c8e0a9b32", "user", "u1", "activate", "", Mix.ADMIN),
        };
        deactivate = ((ReadOutcome.Readable) reader.read(toggles[0])).command();
        decided = machine.decide(TENANT, deactivate, state, now);
        if (!(decided instanceof Decision.Applied applied) || applied.event().isEmpty()) {
            throw new IllegalStateException("the benchmark's command must change its target: " + decided);
        }
        storedEntity = state.bytes(EntityKey.tenant(TENANT));
        decoded = new DecodedState(state.decoded());
    }

    /** Bytes to a checked raw command. */
    @Benchmark
    public ReadOutcome read() {
        return reader.read(toggles[0]);
    }

    /** The state machine alone, over entities already decoded. */
    @Benchmark
    public Decision decide() {
        return machine.decide(TENANT, deactivate, decoded, now);
    }

    /** The three JSON records a change publishes: result, event, snapshot. */
    @Benchmark
    public void encodeOutputs(Blackhole bh) {
        Decision.Applied applied = (Decision.Applied) decided;
        Event event = applied.event().get();
        bh.consume(OutputJson.event(event, event.eventId()));
        bh.consume(OutputJson.snapshot(applied.snapshot()));
        bh.consume(OutputJson.result(decided.result()));
    }

    /** One stored entity decoded and encoded, and one stored result encoded. */
    @Benchmark
    public void storeCodecs(Blackhole bh) {
        EntityState entity = entityReader.deserialize("", storedEntity);
        bh.consume(entityWriter.serialize("", entity));
        bh.consume(resultWriter.serialize("", Records.result(decided.result())));
    }

    /** Everything above for one command, as the worker's processor does it, minus Kafka and RocksDB. */
    @Benchmark
    public void wholeCommand(Blackhole bh) {
        // A minute later each time: every command counts in a fresh rate window, as in a long run.
        now = now.plusSeconds(60);
        byte[] value = toggles[(int) (sequence++ & 1)];
        ReadOutcome read = reader.read(value);
        Decision d = machine.answer(TENANT, ((ReadOutcome.Readable) read).command(), state, now);
        state.prepare(d.writes()).run();
        if (d instanceof Decision.Applied applied) {
            applied.event().ifPresent(e -> bh.consume(OutputJson.event(e, e.eventId())));
            bh.consume(OutputJson.snapshot(applied.snapshot()));
        }
        // What the command-ids store keeps, and what the results topic gets.
        bh.consume(resultWriter.serialize("", Records.result(d.result())));
        bh.consume(OutputJson.result(d.result()));
    }

    private void run(byte[] command) {
        Decision d = machine.decide(TENANT, ((ReadOutcome.Readable) reader.read(command)).command(), state, now);
        if (d.result().code() != 200) {
            throw new IllegalStateException("setup command refused: " + d);
        }
        state.prepare(d.writes()).run();
    }

    private static byte[] command(String commandId, String type, String id, String action, String extra, String actor) {
        return Mix.command(commandId, TENANT, type, id, action, extra, actor);
    }

    /** Entities kept as the stores keep them: Avro bytes, decoded on every read, encoded on every write. */
    private final class AvroState extends NoWorkState {
        private final Map<String, byte[]> entities = new HashMap<>();
        private final Map<String, String> aliases = new HashMap<>();
        private final Map<String, Long> rates = new HashMap<>();

        @Override
        public Optional<Entity> entity(EntityKey key) {
            return Optional.ofNullable(entities.get(key.value())).map(b -> Records.entity(entityReader.deserialize("", b)));
        }

        @Override
        public Optional<String> userIdByIdentifier(String tenantId, String identifier) {
            return Optional.ofNullable(aliases.get(tenantId + "/" + identifier));
        }

        @Override
        public long commandCount(String rateKey, long windowStartMs) {
            Long count = rates.get(windowStartMs + "/" + rateKey);
            return count == null ? 0 : count;
        }

        byte[] bytes(EntityKey key) {
            return entities.get(key.value());
        }

        Map<String, Entity> decoded() {
            Map<String, Entity> decoded = new HashMap<>();
            entities.forEach((k, v) -> decoded.put(k, Records.entity(entityReader.deserialize("", v))));
            return decoded;
        }

        @Override
        public Runnable prepare(List<Change> changes) {
            return () -> changes.forEach(this::apply);
        }

        private void apply(Change change) {
            if (change instanceof Change.PutEntity put) {
                entities.put(put.entity().key().value(), entityWriter.serialize("", Records.state(put.entity())));
            } else if (change instanceof Change.PutIdentifier alias) {
                aliases.put(alias.tenantId() + "/" + alias.identifier(), alias.userId());
            } else if (change instanceof Change.CountCommand count) {
                if (rates.size() > 1_000) {
                    rates.clear();
                }
                rates.put(count.windowStartMs() + "/" + count.rateKey(), count.count());
            }
        }
    }

    /** The same entities, decoded once, for measuring the state machine alone. */
    private static final class DecodedState extends NoWorkState {
        private final Map<String, Entity> entities;

        DecodedState(Map<String, Entity> entities) {
            this.entities = entities;
        }

        @Override
        public Optional<Entity> entity(EntityKey key) {
            return Optional.ofNullable(entities.get(key.value()));
        }

        @Override
        public Optional<String> userIdByIdentifier(String tenantId, String identifier) {
            return Optional.empty();
        }

        @Override
        public long commandCount(String rateKey, long windowStartMs) {
            return 0;
        }
    }

    /** No earlier answers, cascades or subscription ends: the benchmark's command needs none. */
    private abstract static class NoWorkState implements StateView {
        @Override
        public Optional<Result> answered(String recordKey, String commandId, Instant now) {
            return Optional.empty();
        }

        @Override
        public List<String> cascadingTenants() {
            return List.of();
        }

        @Override
        public Optional<TenantCascade.Progress> cascade(String tenantId) {
            return Optional.empty();
        }

        @Override
        public TenantCascade.Members members(String tenantId, Optional<String> afterKey, int max) {
            return new TenantCascade.Members(List.of(), afterKey, false);
        }

        @Override
        public List<SubscriptionEnd.Due> subscriptionsEndedBy(Instant now, int max) {
            return List.of();
        }

        @Override
        public Runnable prepare(List<Change> changes) {
            return () -> { };
        }
    }
}
