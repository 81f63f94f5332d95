package io.statusflow.ssf.delivery;

import io.statusflow.ssf.PollRequest;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Delivers the outbox: the instances of a consumer group share its partitions, and the owner of a
 * partition keeps a queue per stream in it, pushes push streams' SETs and serves poll streams'
 * polls. Each queue's position goes to the compacted positions topic whenever the receiver is done
 * with SETs, so a restart, or another instance taking the partition over, replays the outbox from
 * there: every SET at least once, with its same jti.
 *
 * <p>This class only builds and wires the parts: {@link OutboxReader}, {@link KafkaPositionLog},
 * {@link StreamQueues}, {@link LongPolls}, {@link PushLane}s and {@link PartitionOwners}.
 */
public final class Delivery implements AutoCloseable {

    /** @param self this instance's HTTP address ({@code host:port}), where others forward its streams' polls */
    public record Settings(String outboxTopic, String positionsTopic, String groupId, Duration retention,
            Duration pollWait, String self) {}

    private final KafkaPositionLog positions;
    private final StreamQueues queues;
    private final LongPolls polls;
    private final OutboxReader reader;
    private final Admin admin;
    private final PartitionOwners owners;

    public Delivery(Properties client, Settings settings, StreamService.Store streams, PushLane.Context push) {
        this.positions = new KafkaPositionLog(client, settings.positionsTopic());
        this.queues = new StreamQueues(streams, positions, (stream, queue, listener, open) -> new PushLane(stream.stream(),
                queue, push.with(listener), open), push.listener(), push.clock(), settings.retention());
        this.polls = new LongPolls(queues, (set, audience, at) -> push.keys().sign(set.claims(push.issuer(), audience, at)),
                push.signer(), Runtime.getRuntime().availableProcessors(), push.listener(), push.clock(), settings.pollWait());
        this.reader = new OutboxReader(client, settings.outboxTopic(), settings.groupId(),
                PartitionOwners.clientId(settings.groupId(), settings.self()), positions, queues, push.clock());
        this.admin = Admin.create(adminProps(client));
        this.owners = new PartitionOwners(PartitionOwners.of(admin, settings.groupId(), settings.outboxTopic()),
                push.clock(), settings.self());
    }

    public Delivery start() {
        reader.start();
        return this;
    }

    /**
     * A poll of a poll stream this instance holds. Empty when another instance holds the stream's
     * partition: the caller forwards the poll there.
     */
    public Optional<CompletableFuture<Map<String, Object>>> poll(StreamRecord stream, PollRequest request) {
        return polls.poll(stream, request);
    }

    /** The HTTP address of the other instance that holds a stream's outbox partition; empty when none does. */
    public Optional<String> owner(String streamId) {
        int partition = queues.partitionOf(streamId);
        return partition < 0 ? Optional.empty() : owners.owner(partition);
    }

    /** How many SETs wait for each stream this instance holds, and the age of each one's oldest. */
    public Map<String, StreamQueues.Stats> stats() {
        return queues.stats();
    }

    private static Properties adminProps(Properties client) {
        Properties a = new Properties();
        for (String k : AdminClientConfig.configNames()) {
            if (client.containsKey(k)) {
                a.put(k, client.get(k));
            }
        }
        return a;
    }

    @Override
    public void close() {
        reader.close();
        positions.close();
        admin.close(Duration.ofSeconds(5));
    }
}
