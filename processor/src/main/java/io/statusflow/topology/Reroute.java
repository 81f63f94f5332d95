package io.statusflow.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a command that arrived on a partition that does not own its tenant, unchanged, to the task
 * that does. A record is owned by the partition Java's default partitioner gives its key; one read
 * from the reroute topic is where it belongs (the topics have the same partition count) and never
 * moves again.
 */
final class Reroute {

    private static final Logger log = LoggerFactory.getLogger(Reroute.class);

    private final ProcessorContext<OutKey, byte[]> context;
    private final Publisher publisher;
    private final CommandObserver observer;
    private final String commandsTopic;
    private final int partitions;
    private boolean warned;

    Reroute(ProcessorContext<OutKey, byte[]> context, Publisher publisher, CommandObserver observer, String commandsTopic,
            int partitions) {
        this.context = context;
        this.publisher = publisher;
        this.observer = observer;
        this.commandsTopic = commandsTopic;
        this.partitions = partitions;
    }

    /** Whether the record went to its owner's task; false when this task owns it. */
    boolean sent(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> md = context.recordMetadata();
        if (partitions <= 1 || md.isEmpty() || !md.get().topic().equals(commandsTopic)) {
            return false;
        }
        int owner = owner(record.key(), partitions);
        int arrived = md.get().partition();
        if (owner == arrived) {
            return false;
        }
        publisher.reroute(record, owner);
        observer.rerouted(arrived, owner);
        if (!warned) {
            warned = true;
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
        return io.statusflow.client.Placement.owner(key, partitions);
    }
}
