import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Example downstream service: listens to status.events and revokes or restores access.
 *
 * <pre>java -cp processor/target/statusflow.jar deploy/examples/RevocationListener.java localhost:9092</pre>
 *
 * What it shows:
 * - read with isolation.level=read_committed, so that only committed events are acted on;
 * - act on "current.access", not on the status: none = revoke sessions and keys, restricted =
 *   revoke sessions and force re-authentication, full = access may be granted again;
 * - a tenant event with access none means every member of the tenant has lost access now:
 *   revoke the whole tenant at once, without waiting for the members' tenant-cascade events
 *   that follow (they make each member's own record right, for audit and for restores);
 * - events of one entity arrive in order; "version" grows by one per event, so an event whose
 *   version is not above the last one handled (a redelivery after a crash) is skipped.
 */
public final class RevocationListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Last version handled per entity. A real service keeps this next to the sessions it revokes. */
    private final Map<String, Long> handled = new HashMap<>();

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "revocation-listener");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        RevocationListener listener = new RevocationListener();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("status.events"));
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    listener.handle(r.value());
                }
                // Commit after acting: a crash redelivers, and the version check skips what was done.
                consumer.commitSync();
            }
        }
    }

    void handle(String json) {
        try {
            JsonNode e = JSON.readTree(json);
            String key = e.path("entityKey").asText();
            long version = e.path("version").asLong();
            if (version <= handled.getOrDefault(key, 0L)) {
                return;
            }
            handled.put(key, version);
            String type = e.path("target").path("type").asText();
            String access = e.path("current").path("access").asText();
            String tenant = e.path("tenantId").asText();
            switch (access) {
                case "none" -> {
                    if (type.equals("tenant")) {
                        System.out.printf("revoke every session and key of tenant %s (%s)%n", tenant, e.path("cause").asText());
                    } else {
                        System.out.printf("revoke sessions and keys of %s (%s)%n", key, e.path("cause").asText());
                    }
                }
                case "restricted" -> System.out.printf("revoke sessions of %s and force re-authentication%n", key);
                case "full" -> System.out.printf("%s may be granted access again%n", key);
                default -> System.out.printf("unknown access %s for %s: treat as none%n", access, key);
            }
        } catch (Exception ex) {
            System.err.println("skipping unreadable event: " + ex.getMessage());
        }
    }
}
