package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and random command-shaped JSON, under random keys: every record is answered or
 * dead-lettered (or both), at most one result each, never an exception and never a 500 (which
 * would be a bug in reading or deciding). Set -Dstatusflow.seed=N to replay a failing run.
 */
class HostileInputPropertyTest {

    private static final int RUNS = Integer.getInteger("statusflow.runs", 4);
    private static final int RECORDS = 400;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"commandId", "tenantId", "target", "action", "reason", "status",
        "identifier", "validUntil", "expectedVersion", "actor", "issuedAt"};
    private static final String[] STRINGS = {"", ".", "..", "acme", "tb", "u1", "admin", "platform-admin", "user",
        "service", "sync", "tenant", "client", "register", "activate", "deactivate", "suspend", "set-status",
        "extend-subscription", "mark-pending-delete", "delete", "active", "suspended", "risky", "pending_delete",
        "deleted", "2030-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2030-02-30T00:00:00Z", "a/b", "\u0000", "\ud800",
        "é", "a".repeat(129), "a".repeat(5000)};

    @Test
    void every_record_is_answered_or_dead_lettered_and_nothing_throws() {
        Seeds.run(RUNS, HostileInputPropertyTest::runSequence);
    }

    private static void runSequence(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        // Five partitions: some keys are owned by the driver's partition 0, the rest are rerouted.
        try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withCluster(5, WorkerSettings.DEFAULT_MAX_RECORD_BYTES))) {
            w.send(Cmd.tenant("acme", "register"));
            w.send(Cmd.user("acme", "u1", "register").status("active").by(Actors.PLATFORM));
            for (int i = 0; i < RECORDS; i++) {
                byte[] key = key(rnd);
                byte[] value = rnd.nextInt(4) == 0 ? bytes(rnd, rnd.nextInt(600)) : json(rnd);
                w.pipe(new TestRecord<>(key, value));
                List<JsonNode> results = w.results();
                List<TestRecord<byte[], byte[]>> dead = w.deadLetters();
                assertTrue(results.size() <= 1, "at most one result: " + results);
                assertTrue(results.size() + dead.size() >= 1, "answered or dead-lettered: " + new String(value, StandardCharsets.UTF_8));
                for (JsonNode r : results) {
                    assertNotEquals(500, r.path("code").asInt(), r::toString);
                }
            }
            assertEquals("applied", w.send(Cmd.user("acme", "u1", "suspend").reason("after the storm").by(Actors.PLATFORM))
                    .path("outcome").asText(), "still processing");
        }
    }

    private static byte[] key(RandomGenerator rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> null;
            case 1 -> bytes(rnd, rnd.nextInt(200));
            case 2 -> "tb".getBytes(StandardCharsets.UTF_8);
            default -> "acme".getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] json(RandomGenerator rnd) {
        ObjectNode o = F.objectNode();
        for (String field : FIELDS) {
            if (rnd.nextInt(5) > 0) {
                o.set(field, field.equals("target") || field.equals("actor") ? object(rnd) : value(rnd, 0));
            }
        }
        if (rnd.nextBoolean()) {
            o.put("commandId", "c" + rnd.nextInt(50));
        }
        if (rnd.nextBoolean()) {
            o.put("tenantId", "acme");
        }
        return Json.MAPPER.valueToTree(o).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode object(RandomGenerator rnd) {
        ObjectNode o = F.objectNode();
        for (String field : List.of("type", "id", "roles")) {
            if (rnd.nextInt(4) > 0) {
                o.set(field, field.equals("roles") && rnd.nextBoolean() ? roles(rnd) : value(rnd, 1));
            }
        }
        return o;
    }

    private static ArrayNode roles(RandomGenerator rnd) {
        ArrayNode a = F.arrayNode();
        int n = rnd.nextInt(10) == 0 ? 70 : rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            a.add(rnd.nextBoolean() ? "platform-admin" : STRINGS[rnd.nextInt(STRINGS.length)]);
        }
        return a;
    }

    private static JsonNode value(RandomGenerator rnd, int depth) {
        return switch (rnd.nextInt(10)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(rnd.nextLong());
            case 2 -> F.numberNode(rnd.nextDouble() * 1e300);
            case 3 -> F.booleanNode(rnd.nextBoolean());
            case 4 -> depth > 2 ? F.textNode("deep") : F.arrayNode().add(value(rnd, depth + 1));
            case 5 -> depth > 2 ? F.textNode("deep") : F.objectNode().set("x", value(rnd, depth + 1));
            default -> F.textNode(STRINGS[rnd.nextInt(STRINGS.length)]);
        };
    }

    private static byte[] bytes(RandomGenerator rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
