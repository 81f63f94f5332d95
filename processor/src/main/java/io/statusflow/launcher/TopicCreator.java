package io.statusflow.launcher;

import io.statusflow.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the worker's topics that do not exist yet; leaves existing ones as they are. */
final class TopicCreator {

    /** The broker's default max.message.bytes, when the dead-letter topic's cannot be read. */
    private static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    /**
     * What the worker needs to know of its topics: the ones created now, the partition count of the
     * commands topic (which decides a tenant's owning partition), and the dead-letter topic's
     * max.message.bytes, and whether the commands topic's timestamps are the broker's
     * (message.timestamp.type=LogAppendTime), which token mode needs.
     */
    record Facts(List<String> created, int commandPartitions, int deadLetterMaxBytes, boolean commandsAppendTime) {}

    private TopicCreator() {}

    /**
     * @param currentDeleteRetention how long the compacted current-status topic keeps tombstones, so
     *     that a sink that was down for a while still sees its deletes
     */
    static Facts ensure(Properties clientProps, Topics topics, int partitions, short replicationFactor,
            Duration currentDeleteRetention, Duration timeout) throws StartupException {
        return ensure(clientProps, topics, Optional.empty(), partitions, replicationFactor, currentDeleteRetention, timeout,
                Optional.empty());
    }

    /** What statusflow's principal must be allowed, checked once the topics exist (see {@link AclCheck}). */
    record Needs(Map<String, Set<org.apache.kafka.common.acl.AclOperation>> topics, List<String> groups,
            String transactionalPrefix) {}

    /** @param ssf Shared Signals' topics too, when it is on: streams and positions compacted, the outbox kept for its retention */
    static Facts ensure(Properties clientProps, Topics topics, Optional<io.statusflow.ssf.SsfOptions> ssf, int partitions,
            short replicationFactor, Duration currentDeleteRetention, Duration timeout, Optional<Needs> needs)
            throws StartupException {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 15_000)));
        Optional<Short> rf = replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor);
        long ms = timeout.toMillis();
        try (Admin admin = Admin.create(ClientProps.only(p, AdminClientConfig.configNames()))) {
            Set<String> existing = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
            int commandPartitions = existing.contains(topics.commands().name())
                    ? partitionsOf(admin, topics.commands().name(), ms) : partitions;
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.names()) {
                if (!existing.contains(name)) {
                    // The reroute topic's partition n feeds the task of the commands topic's partition n.
                    int count = name.equals(topics.rerouted().name()) ? commandPartitions : partitions;
                    NewTopic t = new NewTopic(name, Optional.of(count), rf);
                    if (name.equals(topics.commands().name())) {
                        // A command's token is judged at the instant the broker appended it, which no producer can choose.
                        t.configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
                    }
                    if (name.equals(topics.current().name())) {
                        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(currentDeleteRetention.toMillis())));
                    }
                    missing.add(t);
                }
            }
            if (ssf.isPresent()) {
                Map<String, Map<String, String>> ssfTopics = Map.of(
                        ssf.get().streamsTopic(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        ssf.get().positionsTopic(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        ssf.get().outboxTopic(), Map.of(TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(ssf.get().outboxRetention().toMillis())));
                ssfTopics.forEach((name, configs) -> {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, Optional.of(partitions), rf).configs(configs));
                    }
                });
            }
            if (!missing.isEmpty()) {
                for (var created : admin.createTopics(missing).values().values()) {
                    try {
                        created.get(ms, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        // Another instance starting at the same time made it: as good as made here.
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            if (existing.contains(topics.rerouted().name())) {
                int rerouted = partitionsOf(admin, topics.rerouted().name(), ms);
                if (rerouted != commandPartitions) {
                    throw new StartupException("topic " + topics.rerouted().name() + " has " + rerouted + " partitions and "
                            + topics.commands().name() + " has " + commandPartitions + ": they must have the same count"
                            + " (recreate " + topics.rerouted().name() + " while no worker runs, or name another with "
                            + Setting.REROUTED_TOPIC.option() + ")");
                }
            }
            if (needs.isPresent()) {
                AclCheck.check(admin, needs.get().topics(), needs.get().groups(), needs.get().transactionalPrefix(), ms);
            }
            Map<String, Config> configs = configs(admin, List.of(topics.deadLetters().name(), topics.commands().name()), ms);
            ConfigEntry timestamps = configs.get(topics.commands().name()).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            return new Facts(missing.stream().map(NewTopic::name).toList(), commandPartitions,
                    maxMessageBytes(configs.get(topics.deadLetters().name())),
                    timestamps != null && "LogAppendTime".equals(timestamps.value()));
        } catch (TimeoutException e) {
            throw unreachable(p, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(p, timeout);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException t) {
                throw new StartupException(AclCheck.missing("Create topics " + String.join(", ",
                        new java.util.TreeSet<>(t.unauthorizedTopics())) + ", or Describe them if they exist"));
            }
            throw new StartupException("cannot create topics on " + p.getProperty("bootstrap.servers") + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while creating topics");
        }
    }

    private static StartupException unreachable(Properties p, Duration timeout) {
        return new StartupException("cannot reach Kafka at " + p.getProperty("bootstrap.servers") + " within "
                + Durations.format(timeout) + ": check " + Setting.BOOTSTRAP_SERVERS.option() + " and the cluster's security"
                + " settings in --config, or wait longer with " + Setting.STARTUP_TIMEOUT.option());
    }

    private static int partitionsOf(Admin admin, String topic, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS).get(topic)
                .partitions().size();
    }

    /** The topics' configurations (an empty one for a topic the broker says nothing of). */
    private static Map<String, Config> configs(Admin admin, List<String> topicNames, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = topicNames.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> all = admin.describeConfigs(resources).all().get(ms, TimeUnit.MILLISECONDS);
        Map<String, Config> byName = new java.util.HashMap<>();
        resources.forEach(r -> byName.put(r.name(), all.getOrDefault(r, new Config(List.of()))));
        return byName;
    }

    private static int maxMessageBytes(Config config) {
        ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        try {
            return entry == null || entry.value() == null ? BROKER_DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(entry.value());
        } catch (NumberFormatException e) {
            return BROKER_DEFAULT_MAX_MESSAGE_BYTES;
        }
    }
}
