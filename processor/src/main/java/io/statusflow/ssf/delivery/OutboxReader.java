package io.statusflow.ssf.delivery;

import io.statusflow.ssf.Queued;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the outbox in the delivery group, on one thread: partitions taken are replayed from the
 * earliest kept position of their streams, each SET read is offered to the {@link StreamQueues},
 * and once a second the queues' tick runs. A partition is replayed once the reader has reached the
 * offset where the partition ended (for read_committed) when it was taken.
 */
final class OutboxReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxReader.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final PositionLog positions;
    private final StreamQueues queues;
    private final Clock clock;
    private final Thread thread;
    /** Partitions being replayed, with the offset that ends their replay; touched by the reader's thread only. */
    private final Map<TopicPartition, Long> replaying = new HashMap<>();
    private volatile boolean running = true;

    OutboxReader(Properties client, String topic, String group, String clientId, PositionLog positions,
            StreamQueues queues, Clock clock) {
        this.topic = topic;
        this.positions = positions;
        this.queues = queues;
        this.clock = clock;
        Properties c = new Properties();
        c.putAll(client);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "statusflow-ssf-delivery");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                revoked.forEach(replaying::remove);
                queues.released(revoked.stream().map(TopicPartition::partition).toList());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                take(assigned);
            }
        });
        Instant nextTick = clock.instant();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    offer(r);
                }
                replayed();
                if (!clock.instant().isBefore(nextTick)) {
                    try {
                        queues.tick(this::nextOffset);
                    } catch (KafkaException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        log.error("Shared Signals delivery's periodic work failed; it runs again in a second", e);
                    }
                    nextTick = clock.instant().plus(TICK);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Shared Signals delivery stopped", e);
        } finally {
            queues.released(consumer.assignment().stream().map(TopicPartition::partition).toList());
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Partitions taken: each replayed from the earliest position of its streams (its start when one has none). */
    private void take(Collection<TopicPartition> assigned) {
        queues.partitions(consumer.partitionsFor(topic).size());
        if (assigned.isEmpty()) {
            return;
        }
        // Another instance may have held these until now: its positions are the ones to resume from.
        positions.reload();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition tp : assigned) {
            Optional<Long> from = queues.taken(tp.partition());
            if (from.isPresent()) {
                consumer.seek(tp, from.get());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
            replaying.put(tp, ends.getOrDefault(tp, 0L));
        }
    }

    /** Marks the partitions whose replay has reached its end. */
    private void replayed() {
        for (var it = replaying.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (consumer.position(e.getKey()) >= e.getValue()) {
                queues.caughtUp(e.getKey().partition());
                it.remove();
            }
        }
    }

    private void offer(ConsumerRecord<String, byte[]> r) {
        try {
            Optional<Queued> set = Queued.read(r.value());
            if (r.key() != null && set.isPresent()) {
                queues.offer(r.key(), r.offset(), set.get(), Instant.ofEpochMilli(r.timestamp()));
            }
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            // One record must not stop every stream's delivery: it is skipped, loudly.
            log.error("a SET of stream {} at offset {} could not be queued", r.key(), r.offset(), e);
        }
    }

    /** Where a stream's partition is read next; 0 when this reader does not hold it. */
    private long nextOffset(String streamId) {
        TopicPartition tp = new TopicPartition(topic, queues.partitionOf(streamId));
        try {
            return consumer.assignment().contains(tp) ? consumer.position(tp) : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
