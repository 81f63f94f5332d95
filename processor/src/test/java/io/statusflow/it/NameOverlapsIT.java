package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The overlap check of docs/operations.md ("Upgrading"), run as written on a current-status topic
 * holding what an earlier version could store: a user whose identifier is another user's id.
 */
class NameOverlapsIT extends OwnBroker {

    private static final Path OPERATIONS = Path.of("../docs/operations.md");

    @Test
    void the_documented_check_finds_a_stored_overlap_and_only_that_one() throws Exception {
        String doc = Files.readString(OPERATIONS);
        int start = doc.indexOf("```bash\n  java -cp processor/target/statusflow.jar deploy/tools/NameOverlaps.java");
        assertTrue(start > 0, "operations.md documents the check");
        String block = doc.substring(start + 8, doc.indexOf("```", start + 8));
        String command = block.lines().map(String::strip).filter(l -> l.startsWith("java ")).findFirst().orElseThrow()
                .replace("localhost:9092", broker.bootstrapServers());
        List<String> documented = block.lines().map(String::strip).filter(l -> l.startsWith("# "))
                .map(l -> l.substring(2)).toList();

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("status.current", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            send(p, "acme/user/bob", user("acme", "bob", "carol", "active"));
            send(p, "acme/user/carol", user("acme", "carol", null, "active"));
            // Not overlaps: a user named by its own id, an identifier whose namesake was deleted, another tenant.
            send(p, "acme/user/dave", user("acme", "dave", "dave", "active"));
            send(p, "acme/user/erin", user("acme", "erin", "frank", "active"));
            send(p, "acme/user/frank", user("acme", "frank", null, "active"));
            send(p, "acme/user/frank", null);
            send(p, "other/user/gus", user("other", "gus", "carol", "active"));
            send(p, "acme/client/carol", "{\"entityKey\":\"acme/client/carol\",\"tenantId\":\"acme\",\"type\":\"client\",\"id\":\"carol\"}");
            p.flush();
        }

        DocumentedCommand.Ran check = DocumentedCommand.run(command, Map.of(), Duration.ofSeconds(120));
        String out = check.output();
        assertEquals(1, check.exit(), out);
        assertEquals(documented, out.lines().filter(l -> !l.isBlank()).toList(), out);
    }

    private static void send(KafkaProducer<String, String> p, String key, String value) {
        p.send(new ProducerRecord<>("status.current", key, value));
    }

    private static String user(String tenant, String id, String identifier, String status) {
        return "{\"entityKey\":\"" + tenant + "/user/" + id + "\",\"tenantId\":\"" + tenant + "\",\"type\":\"user\",\"id\":\""
                + id + "\",\"identifier\":" + (identifier == null ? "null" : "\"" + identifier + "\"") + ",\"status\":\""
                + status + "\",\"access\":\"full\",\"version\":1}";
    }
}
