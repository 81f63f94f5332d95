package io.statusflow.client;

import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * For the services that enforce access: every entity's access in memory, read from the compacted
 * {@code status.current} topic ({@code read_committed}, from its start, no consumer group), then
 * kept current. {@link #access} answers from this JVM's memory, with no call to the cluster.
 *
 * <ul>
 *   <li>Until it has read to where the topic ended when it started, it answers {@link Access#NOT_READY}:
 *       {@link #awaitReady} waits for that.</li>
 *   <li>A tenant whose own access is none makes every member {@link Access#NONE} at once, before the
 *       members' own records of the cascade arrive.</li>
 *   <li>Records of an entity apply in version order: one whose version is not above the one held is
 *       ignored. A deletion (tombstone) answers {@code NONE} until this view restarts, then {@code UNKNOWN}.</li>
 *   <li>{@link #awaitVersion} waits until a change (a command's result carries the entity's version) is
 *       visible here and every listener has heard it, so that an admin API can answer only once its own
 *       enforcement sees the change.</li>
 *   <li>Listeners hear each change of an entity once, in order, from the reading thread: keep them quick.</li>
 * </ul>
 */
public final class AccessView implements AutoCloseable {

    /** An answer and the version of the entity it rests on (the tenant's when {@code byTenant}). */
    public record Answer(Access access, long version, boolean byTenant) {}

    /** One entity's change, as read: access and status before and after (UNKNOWN and null when new). */
    public record Change(String tenantId, EntityType type, String id, Access previous, Access current,
            Status previousStatus, Status status, long version) {}

    /** Hears changes once the view is ready (history read at start is not replayed to it). */
    @FunctionalInterface
    public interface Listener {
        void changed(Change change);
    }

    /** Figures for metrics. */
    public record Stats(boolean ready, long entities, long lag, long approximateBytes, long recordsRead) {}

    private static final Answer NOT_READY = new Answer(Access.NOT_READY, 0, false);
    private static final Answer UNKNOWN = new Answer(Access.UNKNOWN, 0, false);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> endAtStart;
    private final Predicate<String> tenants;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private final ViewState state = new ViewState();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;
    private volatile boolean ready;
    private volatile long recordsRead;
    private volatile RuntimeException failure;
    /** True from a batch's application until its listeners have heard it: awaitVersion waits for that too. */
    private volatile boolean announcing;
    /** Each partition's next offset to read, as of the last batch applied. */
    private volatile Map<TopicPartition, Long> positions = Map.of();

    private AccessView(Builder b) {
        this.tenants = b.tenants;
        Properties c = new Properties();
        c.putAll(b.props);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            this.partitions = consumer.partitionsFor(b.topic, b.startTimeout).stream()
                    .map(p -> new TopicPartition(b.topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the topic " + b.topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.endAtStart = consumer.endOffsets(partitions, b.startTimeout);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        listeners.addAll(b.listeners);
        this.reader = new Thread(this::read, "statusflow-access-view");
        reader.setDaemon(true);
        reader.start();
    }

    /** @param props bootstrap servers and security settings of a Kafka client */
    public static Builder builder(Properties props) {
        return new Builder(props);
    }

    /** The access of an entity and the version it rests on; a user may be named by its identifier too. */
    public Answer access(String tenantId, EntityType type, String idOrIdentifier) {
        if (!ready) {
            return NOT_READY;
        }
        long p = state.find(tenantId, type, idOrIdentifier);
        return p == 0 ? UNKNOWN : new Answer(Packed.access(p), Packed.version(p), Packed.byTenant(p));
    }

    /** The access of an entity alone, allocating nothing: for a filter on every request. */
    public Access accessOf(String tenantId, EntityType type, String idOrIdentifier) {
        return !ready ? Access.NOT_READY : Packed.access(state.find(tenantId, type, idOrIdentifier));
    }

    /** Whether the view has read everything the topic held when it started; waits up to {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return await(timeout, () -> ready);
    }

    public boolean isReady() {
        return ready;
    }

    /** Whether the view holds this version of the entity or a later one (or its deletion); waits up to {@code timeout}. */
    public boolean awaitVersion(String tenantId, EntityType type, String id, long version, Duration timeout)
            throws InterruptedException {
        // Held first, then not announcing: the batch that brought the version has reached every listener.
        return await(timeout, () -> state.holds(tenantId, type, id, version) && !announcing);
    }

    /**
     * Whether the view holds everything committed to the topic up to now (its end offsets at this call),
     * and its listeners have heard it; waits up to {@code timeout}. A test, or a service that has just
     * written, asks this.
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> end;
        synchronized (consumer) {
            if (!reader.isAlive()) {
                return false;
            }
            end = consumer.endOffsets(partitions, timeout);
        }
        // And not announcing: what was read has reached every listener too, as awaitVersion promises.
        return await(timeout, () -> end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())
                && !announcing);
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public Stats stats() {
        long lag = 0;
        if (reader.isAlive()) {
            synchronized (consumer) {
                for (TopicPartition tp : partitions) {
                    lag += consumer.currentLag(tp).orElse(0);
                }
            }
        }
        return new Stats(ready, state.entities(), lag, state.approximateBytes(), recordsRead);
    }

    /** The reading thread's failure, if it stopped on one: the view then answers from what it holds, and no longer changes. */
    public java.util.Optional<RuntimeException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    private interface Condition {
        boolean holds();
    }

    private boolean await(Duration timeout, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!condition.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    return condition.holds();
                }
                progress.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
            return true;
        }
    }

    private void read() {
        try {
            while (running.get()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                synchronized (consumer) {
                    consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                }
                recordsRead += batch.size();
                announcing = true;
                List<Change> changes = state.apply(batch, tenants);
                Map<TopicPartition, Long> now = new HashMap<>();
                synchronized (consumer) {
                    for (TopicPartition tp : partitions) {
                        now.put(tp, consumer.position(tp));
                    }
                }
                positions = now;
                if (!ready) {
                    ready = partitions.stream().allMatch(tp -> now.get(tp) >= endAtStart.get(tp));
                    changes.clear();
                }
                for (Change c : changes) {
                    for (Listener l : listeners) {
                        l.changed(c);
                    }
                }
                announcing = false;
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            synchronized (consumer) {
                consumer.close(Duration.ofSeconds(5));
            }
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Stops reading; answers stay as they were. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings, with statusflow's topic name as the default. */
    public static final class Builder {
        private final Properties props;
        private String topic = "status.current";
        private Duration startTimeout = Duration.ofSeconds(30);
        private Predicate<String> tenants = t -> true;
        private final List<Listener> listeners = new ArrayList<>();

        private Builder(Properties props) {
            this.props = new Properties();
            this.props.putAll(Objects.requireNonNull(props));
        }

        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** Keeps only these tenants, for a service that serves a few: the others answer UNKNOWN. */
        public Builder tenants(Predicate<String> tenants) {
            this.tenants = Objects.requireNonNull(tenants);
            return this;
        }

        public Builder listener(Listener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Starts reading; fails here when the cluster or the topic cannot be reached within the start timeout. */
        public AccessView build() {
            return new AccessView(this);
        }
    }
}
