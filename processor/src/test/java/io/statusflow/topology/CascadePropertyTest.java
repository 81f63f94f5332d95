package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Tenant and member commands mixed with cascades that run in tiny chunks, so that commands land
 * in the middle of cascades. After every step: each entity's versions run 1, 2, 3 ... with no gap
 * or repeat, its last event matches its snapshot, and once its tenant has no cascade pending, its
 * access is the one derived from its own status and its tenant's. -Dstatusflow.seed=N replays.
 */
class CascadePropertyTest {

    private static final int RUNS = Integer.getInteger("statusflow.runs", 40);
    private static final int STEPS = 300;
    private static final String[] TENANTS = {"ta", "tb"};
    private static final String[] TENANT_ACTIONS = {"deactivate", "activate", "activate"};
    private static final String[] MEMBER_STATUSES = {"active", "active", "inactive", "risky", "suspended", "pending"};

    private final Map<String, List<JsonNode>> events = new HashMap<>();
    private final Map<String, JsonNode> snapshots = new HashMap<>();

    @Test
    void member_access_converges_on_the_tenant_state_without_gaps_or_repeats() {
        Seeds.run(RUNS, seed -> {
            events.clear();
            snapshots.clear();
            runSequence(seed);
        });
    }

    private void runSequence(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withCascadeChunk(1 + rnd.nextInt(4)))) {
            for (String t : TENANTS) {
                w.send(Cmd.tenant(t, "register"));
                for (int i = 0; i < 12; i++) {
                    w.send(Cmd.of(t, i % 3 == 0 ? "client" : "user", "m" + i, "register")
                            .status(MEMBER_STATUSES[rnd.nextInt(MEMBER_STATUSES.length)]).reason("r").by(Actors.PLATFORM));
                }
            }
            collect(w);
            for (int step = 0; step < STEPS; step++) {
                int dice = rnd.nextInt(100);
                String t = TENANTS[rnd.nextInt(TENANTS.length)];
                if (dice < 30) {
                    w.advance(Duration.ofMillis(10 + rnd.nextInt(20)));
                } else if (dice < 45) {
                    w.send(Cmd.tenant(t, TENANT_ACTIONS[rnd.nextInt(TENANT_ACTIONS.length)]));
                } else {
                    String id = "m" + rnd.nextInt(14);
                    String type = Integer.parseInt(id.substring(1)) % 3 == 0 ? "client" : "user";
                    int what = rnd.nextInt(10);
                    Cmd cmd = what < 7
                            ? Cmd.of(t, type, id, "set-status").status(MEMBER_STATUSES[rnd.nextInt(MEMBER_STATUSES.length)]).reason("r")
                            : what < 9 ? Cmd.of(t, type, id, "register").status("active")
                            : Cmd.of(t, type, id, "delete");
                    w.send(cmd.by(Actors.SERVICE_ADMIN));
                }
                collect(w);
                check(w, step);
            }
        }
    }

    private void collect(TopologyDriver w) {
        w.results();
        for (JsonNode e : w.events()) {
            events.computeIfAbsent(e.path("entityKey").asText(), k -> new ArrayList<>()).add(e);
        }
        for (KeyValue<String, JsonNode> kv : w.current()) {
            snapshots.put(kv.key, kv.value);
        }
    }

    private void check(TopologyDriver w, int step) {
        for (Map.Entry<String, List<JsonNode>> entry : events.entrySet()) {
            String key = entry.getKey();
            List<JsonNode> list = entry.getValue();
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i + 1, list.get(i).path("version").asLong(), "step " + step + ": versions of " + key);
            }
            JsonNode last = list.get(list.size() - 1);
            JsonNode snap = snapshots.get(key);
            if (last.path("current").path("status").asText().equals("deleted")) {
                assertEquals(null, snap, "step " + step + ": a deleted entity's snapshot is a tombstone");
                continue;
            }
            assertEquals(last.path("current").path("status").asText(), snap.path("status").asText(), "step " + step + " " + key);
            assertEquals(last.path("current").path("access").asText(), snap.path("access").asText(), "step " + step + " " + key);
            assertEquals(last.path("version").asLong(), snap.path("version").asLong(), "step " + step + " " + key);

            String tenant = key.substring(0, key.indexOf('/'));
            if (key.contains("/tenant/") || w.storeHasKey(StoreNames.CASCADES, tenant)) {
                continue;
            }
            boolean tenantActive = snapshots.get(tenant + "/tenant/" + tenant).path("status").asText().equals("active");
            String status = snap.path("status").asText();
            String derived = !tenantActive ? "none" : status.equals("active") ? "full" : status.equals("risky") ? "restricted" : "none";
            assertEquals(derived, snap.path("access").asText(), "step " + step + ": derived access of " + key);
        }
        assertTrue(events.size() >= 2);
    }
}
