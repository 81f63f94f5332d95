package io.statusflow.launcher;

import io.statusflow.topology.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * Checks, before anything runs, that statusflow's principal has the ACLs docs/security.md lists:
 * the broker says which operations it may do on each topic and group, and whether it may use
 * the transactional ids. One missing ACL stops the start with one line naming it (exit 1) instead
 * of a stream thread failing later. On a cluster without an authorizer every operation is allowed
 * and nothing is reported.
 */
final class AclCheck {

    private AclCheck() {}

    /** What statusflow does on each of its topics: the operations its ACLs must allow. */
    static Map<String, Set<AclOperation>> topicNeeds(Topics topics, Optional<io.statusflow.ssf.SsfOptions> ssf,
            boolean http) {
        Map<String, Set<AclOperation>> n = new LinkedHashMap<>();
        n.put(topics.commands().name(), http ? Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS)
                : Set.of(AclOperation.READ, AclOperation.DESCRIBE_CONFIGS));
        n.put(topics.rerouted().name(), Set.of(AclOperation.READ, AclOperation.WRITE));
        n.put(topics.results().name(), http ? Set.of(AclOperation.READ, AclOperation.WRITE) : Set.of(AclOperation.WRITE));
        n.put(topics.events().name(), ssf.isPresent() ? Set.of(AclOperation.READ, AclOperation.WRITE) : Set.of(AclOperation.WRITE));
        n.put(topics.current().name(), Set.of(AclOperation.WRITE));
        n.put(topics.deadLetters().name(), Set.of(AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS));
        ssf.ifPresent(s -> List.of(s.streamsTopic(), s.outboxTopic(), s.positionsTopic())
                .forEach(t -> n.put(t, Set.of(AclOperation.READ, AclOperation.WRITE))));
        return n;
    }

    /**
     * @param groups the consumer groups statusflow joins (each needs Read)
     * @param transactionalPrefix the prefix of its transactional ids (they need Write)
     */
    static void check(Admin admin, Map<String, Set<AclOperation>> topics, List<String> groups, String transactionalPrefix,
            long ms) throws StartupException, InterruptedException, TimeoutException {
        List<String> missing = new ArrayList<>();
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics.keySet(),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
            topics.forEach((topic, ops) -> {
                Set<AclOperation> allowed = described.get(topic).authorizedOperations();
                ops.stream().filter(op -> allowed != null && !allowed.contains(op)).sorted()
                        .forEach(op -> missing.add(name(op) + " topic " + topic));
            });
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicAuthorizationException t)) {
                throw new StartupException("cannot check statusflow's ACLs: " + e.getCause().getMessage());
            }
            t.unauthorizedTopics().stream().sorted().forEach(topic -> missing.add("Describe topic " + topic));
        }
        for (String group : groups) {
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group),
                        new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all()
                        .get(ms, TimeUnit.MILLISECONDS).get(group);
                Set<AclOperation> allowed = d == null ? null : d.authorizedOperations();
                if (allowed != null && !allowed.contains(AclOperation.READ)) {
                    missing.add("Read group " + group);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                    continue; // a group no member has joined yet; Describe was allowed, Read is found out on joining
                }
                if (!(e.getCause() instanceof GroupAuthorizationException)) {
                    throw new StartupException("cannot check statusflow's ACLs: " + e.getCause().getMessage());
                }
                missing.add("Read group " + group);
            }
        }
        try {
            admin.describeTransactions(List.of(transactionalPrefix + "acl-check")).all().get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                missing.add("Write transactional ids prefixed " + transactionalPrefix);
            } else if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                throw new StartupException("cannot check statusflow's ACLs: " + e.getCause().getMessage());
            }
        }
        if (!missing.isEmpty()) {
            throw new StartupException(missing(String.join(", ", missing)));
        }
    }

    /** The one line for an ACL statusflow lacks, at start or when a client finds out later. */
    static String missing(String what) {
        return "missing ACL: the principal statusflow runs as may not " + what + " (docs/security.md, \"ACLs\")";
    }

    /** The line for an authorization failure of a running client, naming what it could not do. */
    static Optional<String> explain(Throwable failure, String applicationId) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionalIdAuthorizationException) {
                return Optional.of(missing("Write transactional ids prefixed " + applicationId + "-"));
            }
            if (t instanceof GroupAuthorizationException g) {
                return Optional.of(missing("Read group " + (g.groupId() == null ? applicationId : g.groupId())));
            }
            if (t instanceof TopicAuthorizationException topic) {
                return Optional.of(missing("use topics " + String.join(", ", new java.util.TreeSet<>(topic.unauthorizedTopics()))
                        + " (internal topics prefixed " + applicationId + "- need Create, Read, Write, DescribeConfigs)"));
            }
            if (t instanceof AuthorizationException a) {
                return Optional.of(missing("do this: " + a.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static String name(AclOperation op) {
        return switch (op) {
            case DESCRIBE_CONFIGS -> "DescribeConfigs";
            default -> op.name().charAt(0) + op.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
