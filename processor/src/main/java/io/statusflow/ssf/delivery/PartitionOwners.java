package io.statusflow.ssf.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Which instance holds an outbox partition, so that a poll reaching another instance is forwarded
 * there. Each member of the delivery group names its HTTP address in its client id
 * ({@code group@host:port}); the group's assignment is looked up at most every {@link #FRESH}.
 */
public final class PartitionOwners {

    static final Duration FRESH = Duration.ofSeconds(2);

    /** The group's current assignment: outbox partition to the owner's client id. */
    public interface Members {
        Map<Integer, String> clientIds() throws Exception;
    }

    private final Members members;
    private final Clock clock;
    private final String self;
    private volatile Map<Integer, String> owners = Map.of();
    private volatile Instant at = Instant.EPOCH;

    public PartitionOwners(Members members, Clock clock, String self) {
        this.members = members;
        this.clock = clock;
        this.self = self;
    }

    /** The client id a member of {@code group} uses, carrying its HTTP address. */
    public static String clientId(String group, String address) {
        return group + "@" + address;
    }

    /** The members of {@code group} as the Kafka admin client describes them, for {@code outbox}'s partitions. */
    public static Members of(Admin admin, String group, String outbox) {
        return () -> {
            Map<Integer, String> found = new HashMap<>();
            var description = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
            for (var member : description.members()) {
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    if (tp.topic().equals(outbox)) {
                        found.put(tp.partition(), member.clientId());
                    }
                }
            }
            return found;
        };
    }

    /** The HTTP address of another instance holding {@code partition}; empty when none does, or this one does. */
    public Optional<String> owner(int partition) {
        if (Duration.between(at, clock.instant()).compareTo(FRESH) > 0 || !owners.containsKey(partition)) {
            try {
                Map<Integer, String> found = new HashMap<>();
                members.clientIds().forEach((p, client) -> {
                    int sep = client.lastIndexOf('@');
                    if (sep >= 0) {
                        found.put(p, client.substring(sep + 1));
                    }
                });
                owners = Map.copyOf(found);
                at = clock.instant();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        // A member without HTTP (push only) names no address: nothing to forward to.
        return Optional.ofNullable(owners.get(partition)).filter(o -> !o.isEmpty() && !o.equals(self));
    }
}
