package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.client.Access;
import io.statusflow.client.AccessView;
import io.statusflow.schema.EntityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * AccessView on records written by hand to a topic of its own, for what a worker's timing cannot
 * pin down: a tenant's record alone denies its members (no member's cascade record is ever written
 * here), versions apply in order whatever arrives, and hostile records are skipped.
 */
class AccessViewRecordsIT extends OwnBroker {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String snapshot(String tenant, String type, String id, String status, String access, long version) {
        return "{\"entityKey\":\"" + tenant + "/" + type + "/" + id + "\",\"tenantId\":\"" + tenant + "\",\"type\":\"" + type
                + "\",\"id\":\"" + id + "\",\"identifier\":null,\"status\":\"" + status + "\",\"access\":\"" + access
                + "\",\"version\":" + version + "}";
    }

    @Test
    void a_tenant_record_alone_denies_members_and_stale_or_hostile_records_change_nothing() throws Exception {
        String topic = "hand.current";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        List<AccessView.Change> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer());
                AccessView view = AccessView.builder(props).topic(topic).listener(heard::add).build()) {
            assertTrue(view.awaitReady(WAIT));
            p.send(new ProducerRecord<>(topic, "h/tenant/h", snapshot("h", "tenant", "h", "active", "full", 1)));
            p.send(new ProducerRecord<>(topic, "h/user/u", snapshot("h", "user", "u", "active", "full", 3)));
            p.flush();
            assertTrue(view.awaitVersion("h", EntityType.user, "u", 3, WAIT));
            assertEquals(Access.FULL, view.accessOf("h", EntityType.user, "u"));

            p.send(new ProducerRecord<>(topic, "h/tenant/h", snapshot("h", "tenant", "h", "inactive", "none", 2)));
            // Hostile and stale records: skipped or ignored, never applied.
            p.send(new ProducerRecord<>(topic, "h/user/u", snapshot("h", "user", "u", "active", "full", 2)));
            p.send(new ProducerRecord<>(topic, "h/user/u", "{\"status\":\"active\",\"access\":\"full\",\"version\":99"));
            p.send(new ProducerRecord<>(topic, "h/robot/u", snapshot("h", "robot", "u", "active", "full", 9)));
            p.send(new ProducerRecord<>(topic, null, snapshot("h", "user", "v", "active", "full", 1)));
            p.send(new ProducerRecord<>(topic, "h/user/big", "{\"x\":\"" + "y".repeat(100_000) + "\"}"));
            p.flush();
            assertTrue(view.awaitCaughtUp(WAIT));
            assertEquals(new AccessView.Answer(Access.NONE, 2, true), view.access("h", EntityType.user, "u"),
                    "the tenant's own record denies the member, with no record of the member's");
            assertEquals(Access.UNKNOWN, view.accessOf("h", EntityType.user, "big"));
            assertEquals(List.of("h:FULL@1", "u:FULL@3", "h:NONE@2"), new ArrayList<>(heard).stream().map(c -> c.id() + ":" + c.current() + "@" + c.version())
                    .toList(), "each applied change once, in order; the stale version 2 of u is not one");

            p.send(new ProducerRecord<>(topic, "h/user/u", (String) null));
            p.flush();
            assertTrue(view.awaitCaughtUp(WAIT));
            assertEquals(Access.NONE, view.accessOf("h", EntityType.user, "u"), "deleted");
            assertTrue(view.awaitVersion("h", EntityType.user, "u", 1_000, Duration.ZERO), "a deletion ends every wait");
        }
    }
}
