import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Read-only check for names that mean two users: a user's identifier that is also the id of
 * another live user of the same tenant. statusflow refuses such a pair since user ids and
 * identifiers share one namespace per tenant; this finds pairs stored before that rule.
 *
 * <pre>java -cp processor/target/statusflow.jar deploy/tools/NameOverlaps.java localhost:9092 [client.properties] [topic]</pre>
 *
 * Reads the compacted current-status topic (read_committed, no consumer group, nothing written)
 * up to its end offsets at start. Prints one line per overlap, then a count. Exit code 0 when there
 * is none, 1 when there are some, 2 when the topic cannot be read.
 */
public final class NameOverlaps {

    public static void main(String[] args) throws IOException {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        String topic = args.length > 2 ? args[2] : "status.current";
        Properties p = new Properties();
        if (args.length > 1 && !args[1].isBlank()) {
            try (Reader r = new FileReader(args[1])) {
                p.load(r);
            }
        }
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> users = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !r.key().contains("/user/")) {
                        continue;
                    }
                    if (r.value() == null) {
                        users.remove(r.key());
                    } else {
                        users.put(r.key(), json.readTree(r.value()));
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("cannot read " + topic + " at " + bootstrap + ": " + e.getMessage());
            System.exit(2);
        }
        Map<String, String> lines = new TreeMap<>();
        users.forEach((key, user) -> {
            String identifier = user.path("identifier").asText(null);
            String tenant = user.path("tenantId").asText();
            String id = user.path("id").asText();
            if (identifier == null || identifier.equals(id) || "deleted".equals(user.path("status").asText())) {
                return;
            }
            JsonNode other = users.get(tenant + "/user/" + identifier);
            if (other != null && !"deleted".equals(other.path("status").asText())) {
                lines.put(key, "tenant " + tenant + ": '" + identifier + "' is the identifier of user " + id
                        + " and the id of user " + identifier);
            }
        });
        lines.values().forEach(System.out::println);
        System.out.println(lines.size() + " overlapping names");
        System.exit(lines.isEmpty() ? 0 : 1);
    }
}
