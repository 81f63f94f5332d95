package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.statusflow.domain.Rules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Random command sequences (several tenants and actors, duplicates, bad fields, garbage, a moving
 * clock) through the topology and through {@link ReferenceModel}: every result code, event and
 * snapshot must agree. Set -Dstatusflow.seed=N to replay a failing run.
 */
class ModelBasedPropertyTest {

    private static final int RUNS = Integer.getInteger("statusflow.runs", 40);
    private static final int STEPS = Integer.getInteger("statusflow.steps", 250);
    private static final int LIMIT = 6;

    private static final String[] TENANTS = {"ta", "tb"};
    private static final String[] USERS = {"u1", "u2", "u3", "u4"};
    private static final String[] CLIENTS = {"c1", "c2"};
    private static final String[] IDENTIFIERS = {"ana", "ben"};
    private static final String[] ACTIONS = {"register", "register", "activate", "activate", "deactivate", "suspend",
        "set-status", "set-status", "mark-pending-delete", "delete", "extend-subscription"};
    private static final String[] STATUSES = {"pending", "active", "inactive", "suspended", "risky", "pending_delete", "onboarding"};

    @Test
    void topology_agrees_with_the_reference_model_on_random_sequences() {
        int runs = Seeds.run(RUNS, this::runSequence);
        if (runs > 1) {
            // Guard against a generator that drifted into testing nothing.
            for (String outcome : List.of("200 applied", "200 unchanged", "400 rejected", "401 rejected", "403 rejected",
                    "404 rejected", "409 rejected", "429 rejected", "duplicate", "event", "expiry", "cascade")) {
                assertTrue(seen.getOrDefault(outcome, 0) > 0, "the generator never produced " + outcome + ": " + seen);
            }
        }
    }

    private final Map<String, Integer> seen = new java.util.TreeMap<>();

    private void runSequence(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        // Scan for expired subscriptions at every clock step, so the model knows when it ran.
        // Five partitions: tenant ta is owned by the driver's partition 0, tb by partition 4, so tb's commands
        // all take the reroute topic, as a crc32 producer's would (RerouteTest); the model must not notice.
        WorkerSettings settings = WorkerSettings.defaults().withRules(Rules.defaults().withCommandsPerMinute(LIMIT))
                .withExpiryScanInterval(Duration.ofMillis(1)).withCluster(5, WorkerSettings.DEFAULT_MAX_RECORD_BYTES);
        ReferenceModel model = new ReferenceModel(LIMIT, settings.idempotencyWindow());
        Instant now = TopologyDriver.START;
        List<Map.Entry<String, Cmd>> sent = new ArrayList<>();
        try (TopologyDriver w = new TopologyDriver(settings)) {
            for (String t : TENANTS) {
                step(w, model, now, t, Cmd.tenant(t, "register").validUntil(now.plus(Duration.ofHours(1 + rnd.nextInt(3))).toString()), 0);
                step(w, model, now, t, Cmd.user(t, "u1", "register").status("active").by(Actors.PLATFORM), 0);
            }
            for (int i = 0; i < STEPS; i++) {
                long advance = 1 + (rnd.nextInt(100) < 3 ? 120_000 + rnd.nextInt(3_600_000) : rnd.nextInt(3_000));
                w.advance(Duration.ofMillis(advance));
                now = now.plusMillis(advance);
                compareOutputs(w, model.expire(now), "expiry scan before step " + i);
                int dice = rnd.nextInt(100);
                if (dice < 2) {
                    w.pipe("ta".getBytes(StandardCharsets.UTF_8), "{garbage".getBytes(StandardCharsets.UTF_8));
                    assertEquals(1, w.deadLetters().size(), "step " + i + ": garbage is a dead letter");
                    assertEquals(0, w.results().size(), "step " + i + ": garbage without commandId gets no result");
                    continue;
                }
                if (dice < 7 && !sent.isEmpty()) {
                    Map.Entry<String, Cmd> again = sent.get(rnd.nextInt(sent.size()));
                    step(w, model, now, again.getKey(), again.getValue(), i);
                    continue;
                }
                Cmd cmd = randomCommand(rnd, now);
                String key = cmd.tenantId();
                if (rnd.nextInt(100) < 2) {
                    key = "tb".equals(key) ? "ta" : "tb";
                }
                sent.add(Map.entry(key, cmd));
                step(w, model, now, key, cmd, i);
            }
        }
    }

    private void step(TopologyDriver w, ReferenceModel model, Instant now, String key, Cmd cmd, int i) {
        ReferenceModel.Expected want = model.apply(key, cmd.node(), now);
        JsonNode got = w.send(key, cmd.bytes());
        String where = "step " + i + " " + cmd.node() + " -> " + got;
        assertEquals(want.code(), got.path("code").asInt(), where);
        assertEquals(want.outcome(), got.path("outcome").asText(), where);
        assertEquals(want.duplicate(), got.path("duplicate").asBoolean(), where);
        seen.merge(want.duplicate() ? "duplicate" : want.code() + " " + want.outcome(), 1, Integer::sum);
        seen.merge("event", want.events().size(), Integer::sum);
        compareOutputs(w, want, where);
    }

    private void compareOutputs(TopologyDriver w, ReferenceModel.Expected want, String where) {
        if (want.code() == 0 && !want.events().isEmpty()) {
            seen.merge("expiry", 1, Integer::sum);
        }
        want.events().stream().filter(e -> !e.key().contains("/tenant/")).filter(e -> want.code() == 0 || cascadeOf(want, e))
                .findAny().ifPresent(e -> seen.merge("cascade", 1, Integer::sum));
        List<ReferenceModel.Event> events = new ArrayList<>();
        for (JsonNode e : w.events()) {
            String prev = e.path("previous").isNull() ? null
                    : e.path("previous").path("status").asText() + "/" + e.path("previous").path("access").asText();
            events.add(new ReferenceModel.Event(e.path("entityKey").asText(), e.path("version").asLong(), prev,
                    e.path("current").path("status").asText() + "/" + e.path("current").path("access").asText()));
        }
        assertEquals(want.events(), events, where);

        List<Map.Entry<String, ReferenceModel.Snapshot>> current = new ArrayList<>();
        for (KeyValue<String, JsonNode> kv : w.current()) {
            ReferenceModel.Snapshot s = kv.value == null ? null : new ReferenceModel.Snapshot(kv.value.path("status").asText(),
                    kv.value.path("access").asText(), kv.value.path("version").asLong(),
                    kv.value.path("disabledBy").isNull() ? null : kv.value.path("disabledBy").asText());
            current.add(new java.util.AbstractMap.SimpleEntry<>(kv.key, s));
        }
        assertEquals(want.current(), current, where);
        assertEquals(0, w.deadLetters().size(), where);
    }

    private static Cmd randomCommand(RandomGenerator rnd, Instant now) {
        String tenant = pick(rnd, TENANTS);
        int kind = rnd.nextInt(100);
        String action = pick(rnd, ACTIONS);
        Cmd cmd;
        if (kind < 15) {
            cmd = Cmd.of(tenant, "tenant", tenant, action);
        } else if (kind < 70) {
            String target = rnd.nextInt(100) < 20 ? pick(rnd, IDENTIFIERS) : pick(rnd, USERS);
            cmd = Cmd.user(tenant, target, action);
            if (action.equals("register") && rnd.nextBoolean()) {
                cmd.identifier(pick(rnd, IDENTIFIERS));
            }
        } else {
            cmd = Cmd.client(tenant, pick(rnd, CLIENTS), action);
        }
        if (action.equals("set-status") || (action.equals("register") && rnd.nextInt(100) < 60)) {
            cmd.status(pick(rnd, STATUSES));
        }
        if (rnd.nextInt(100) < 75) {
            cmd.reason("reason " + rnd.nextInt(5));
        }
        if (action.equals("extend-subscription") || (action.equals("register") && rnd.nextInt(100) < 30)) {
            cmd.validUntil(now.plusSeconds(rnd.nextInt(7200) - 600).toString());
        }
        if (rnd.nextInt(100) < 10) {
            cmd.expectedVersion(rnd.nextInt(4));
        }
        int who = rnd.nextInt(100);
        if (who < 15) {
            cmd.by(Actors.PLATFORM);
        } else if (who < 25) {
            cmd.by(Actors.SERVICE_ADMIN);
        } else if (who < 30) {
            cmd.by(Actors.SERVICE_PLAIN);
        } else if (who < 45) {
            cmd.by(Actors.SYNC);
        } else if (who < 80) {
            cmd.by(Actors.admin(rnd.nextInt(100) < 75 ? "u1" : pick(rnd, USERS)));
        } else if (who < 92) {
            cmd.by(Actors.member(pick(rnd, USERS)));
        } else if (who < 96) {
            cmd.set("actor", NullNode.instance);
        }
        int bad = rnd.nextInt(100);
        if (bad < 2) {
            cmd.set("action", "frobnicate");
        } else if (bad < 4) {
            cmd.node().with("target").put("id", "bad/id");
        } else if (bad < 5) {
            cmd.remove("tenantId");
        }
        return cmd;
    }

    /** A member event in the output of a command on a tenant is a cascade event. */
    private static boolean cascadeOf(ReferenceModel.Expected want, ReferenceModel.Event e) {
        return want.events().stream().anyMatch(t -> t.key().contains("/tenant/"));
    }

    private static String pick(RandomGenerator rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
