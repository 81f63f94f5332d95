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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the worker's topics that do not exist yet; leaves existing ones as they are. */
final class TopicCreator {

    private TopicCreator() {}

    /** @return the topics it created */
    static List<String> ensure(Properties clientProps, Topics topics, int partitions, short replicationFactor,
            Duration timeout) throws StartupException {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 15_000)));
        Optional<Short> rf = replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor);
        try (Admin admin = Admin.create(ClientProps.only(p, AdminClientConfig.configNames()))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (!existing.contains(name)) {
                    NewTopic t = new NewTopic(name, Optional.of(partitions), rf);
                    if (name.equals(topics.current())) {
                        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (TimeoutException e) {
            throw new StartupException("cannot reach Kafka at " + p.getProperty("bootstrap.servers") + " within "
                    + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StartupException("cannot reach Kafka at " + p.getProperty("bootstrap.servers") + " within "
                        + timeout.toSeconds() + "s");
            }
            throw new StartupException("cannot create topics on " + p.getProperty("bootstrap.servers") + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while creating topics");
        }
    }
}
