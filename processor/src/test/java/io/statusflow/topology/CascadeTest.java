package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The tenant cascade and subscription expiry, on the topology. */
class CascadeTest {

    /** A tenant with members of every status: 3 active, 1 risky, and one of each access-less status. */
    private static void mixedTenant(TopologyDriver w, String tenant) {
        w.send(Cmd.tenant(tenant, "register").validUntil(TopologyDriver.START.plus(Duration.ofDays(30)).toString()));
        for (String id : List.of("a1", "a2", "a3")) {
            w.send(Cmd.user(tenant, id, "register").status("active").by(Actors.PLATFORM));
        }
        w.send(Cmd.client(tenant, "c-risky", "register").status("risky").by(Actors.PLATFORM));
        w.send(Cmd.user(tenant, "pending", "register").by(Actors.PLATFORM));
        w.send(Cmd.user(tenant, "inactive", "register").status("inactive").by(Actors.PLATFORM));
        w.send(Cmd.user(tenant, "suspended", "register").status("suspended").reason("abuse").by(Actors.PLATFORM));
        w.send(Cmd.client(tenant, "c-gone", "register").status("active").by(Actors.PLATFORM));
        w.send(Cmd.client(tenant, "c-gone", "mark-pending-delete").by(Actors.SYNC));
        Given.drain(w);
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> events) {
        return events.stream().collect(Collectors.toMap(e -> e.path("entityKey").asText(), e -> e));
    }

    @Test
    void deactivating_a_tenant_emits_one_cascade_event_per_member_whose_access_changes() {
        try (TopologyDriver w = new TopologyDriver()) {
            mixedTenant(w, "acme");
            mixedTenant(w, "other");
            Cmd off = Cmd.tenant("acme", "deactivate").reason("unpaid");
            w.send(off);

            List<JsonNode> events = w.events();
            assertEquals(5, events.size(), "the tenant, 3 active users and the risky client");
            assertEquals("acme/tenant/acme", events.get(0).path("entityKey").asText());
            assertEquals("command", events.get(0).path("cause").asText());
            Map<String, JsonNode> members = byKey(events.subList(1, 5));
            assertEquals(List.of("acme/client/c-risky", "acme/user/a1", "acme/user/a2", "acme/user/a3"),
                    members.keySet().stream().sorted().toList());
            JsonNode risky = members.get("acme/client/c-risky");
            assertEquals("tenant-cascade", risky.path("cause").asText());
            assertEquals("risky", risky.path("previous").path("status").asText());
            assertEquals("restricted", risky.path("previous").path("access").asText());
            assertEquals("risky", risky.path("current").path("status").asText());
            assertEquals("none", risky.path("current").path("access").asText());
            assertEquals(2, risky.path("version").asLong(), "member versions continue without gaps");
            assertEquals(off.commandId(), risky.path("commandId").asText());
            assertEquals("unpaid", risky.path("reason").asText());
            assertEquals("provisioner", risky.path("actor").path("id").asText());

            List<KeyValue<String, JsonNode>> current = w.current();
            assertEquals(5, current.size());
            assertTrue(current.stream().allMatch(kv -> kv.value.path("access").asText().equals("none")));

            w.send(Cmd.tenant("acme", "activate"));
            List<JsonNode> back = w.events();
            assertEquals(5, back.size(), "reactivating restores the same members");
            assertEquals("restricted", byKey(back).get("acme/client/c-risky").path("current").path("access").asText());
            assertEquals("full", byKey(back).get("acme/user/a1").path("current").path("access").asText());
            assertEquals(3, byKey(back).get("acme/user/a1").path("version").asLong());
        }
    }

    @Test
    void members_of_an_inactive_tenant_still_change_status_with_access_none() {
        try (TopologyDriver w = new TopologyDriver()) {
            mixedTenant(w, "acme");
            w.send(Cmd.tenant("acme", "deactivate"));
            Given.drain(w);
            JsonNode r = w.send(Cmd.user("acme", "inactive", "activate").by(Actors.SERVICE_ADMIN));
            assertEquals("applied", r.path("outcome").asText());
            JsonNode e = w.events().get(0);
            assertEquals("active", e.path("current").path("status").asText());
            assertEquals("none", e.path("current").path("access").asText());
            w.send(Cmd.tenant("acme", "activate"));
            assertEquals("full", byKey(w.events()).get("acme/user/inactive").path("current").path("access").asText());
        }
    }

    @Test
    void a_large_cascade_runs_in_chunks_and_a_member_command_meanwhile_is_neither_doubled_nor_skipped() {
        try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withCascadeChunk(10))) {
            w.send(Cmd.tenant("big", "register"));
            for (int i = 0; i < 55; i++) {
                w.send(Cmd.user("big", String.format("u%03d", i), "register").status("active").by(Actors.PLATFORM));
            }
            w.send(Cmd.tenant("small", "register"));
            w.send(Cmd.user("small", "s1", "register").status("active").by(Actors.PLATFORM));
            Given.drain(w);
            // A scan first finds no cascade: the one started after it must still be resumed.
            w.advance(Duration.ofMillis(20));
            assertTrue(w.events().isEmpty());

            w.send(Cmd.tenant("big", "deactivate"));
            assertEquals(11, w.events().size(), "the tenant event and the first chunk come with the command");

            // Other tenants' commands flow while the cascade is under way.
            assertEquals("applied", w.send(Cmd.user("small", "s1", "deactivate").by(Actors.SERVICE_ADMIN)).path("outcome").asText());
            // A member the cascade has not reached yet sees the tenant's new state at once.
            JsonNode late = w.send(Cmd.user("big", "u050", "suspend").reason("abuse").by(Actors.SERVICE_ADMIN));
            assertEquals("none", late.path("entity").path("access").asText());
            List<JsonNode> meanwhile = w.events();
            assertEquals(2, meanwhile.size());
            assertEquals("full", meanwhile.get(1).path("previous").path("access").asText());
            assertEquals("command", meanwhile.get(1).path("cause").asText());

            Map<String, Integer> perMember = new HashMap<>();
            for (int step = 0; step < 20; step++) {
                w.advance(Duration.ofMillis(20));
                w.events().forEach(e -> perMember.merge(e.path("entityKey").asText(), 1, Integer::sum));
            }
            assertEquals(44, perMember.size(), "the other 44 members: u050 changed by its own command is not repeated");
            assertTrue(perMember.values().stream().allMatch(n -> n == 1));
            assertTrue(!perMember.containsKey("big/user/u050"));
            assertEquals(0, w.storeSize(StoreNames.CASCADES), "a finished cascade leaves no progress behind");
        }
    }

    @Test
    void a_reactivation_during_a_cascade_restores_exactly_the_members_already_revoked() {
        try (TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withCascadeChunk(5))) {
            w.send(Cmd.tenant("t", "register"));
            for (int i = 0; i < 20; i++) {
                w.send(Cmd.user("t", "u" + (char) ('a' + i), "register").status("active").by(Actors.PLATFORM));
            }
            Given.drain(w);
            w.send(Cmd.tenant("t", "deactivate"));
            w.send(Cmd.tenant("t", "activate"));
            for (int step = 0; step < 10; step++) {
                w.advance(Duration.ofMillis(20));
            }
            Map<String, List<JsonNode>> perMember = w.events().stream()
                    .filter(e -> e.path("target").path("type").asText().equals("user"))
                    .collect(Collectors.groupingBy(e -> e.path("entityKey").asText()));
            assertEquals(5, perMember.size(), "only the first chunk was revoked, and only it is restored");
            perMember.values().forEach(list -> {
                assertEquals(List.of("none", "full"), list.stream().map(e -> e.path("current").path("access").asText()).toList());
                assertEquals(List.of(2L, 3L), list.stream().map(e -> e.path("version").asLong()).toList());
            });
        }
    }

    @Test
    void a_subscription_that_ends_expires_the_tenant_and_its_members_within_the_scan_interval() {
        try (TopologyDriver w = new TopologyDriver()) {
            mixedTenant(w, "acme");
            w.send(Cmd.tenant("short", "register").validUntil(TopologyDriver.START.plus(Duration.ofHours(1)).toString()));
            w.send(Cmd.user("short", "x", "register").status("active").by(Actors.PLATFORM));
            Given.drain(w);

            w.advance(Duration.ofMinutes(59));
            assertTrue(w.events().isEmpty());
            w.advance(Duration.ofMinutes(1).plusSeconds(10));
            List<JsonNode> events = w.events();
            assertEquals(2, events.size(), events::toString);
            assertEquals("short/tenant/short", events.get(0).path("entityKey").asText());
            assertEquals("subscription-expired", events.get(0).path("cause").asText());
            assertEquals("active", events.get(0).path("current").path("status").asText());
            assertEquals("none", events.get(0).path("current").path("access").asText());
            assertEquals(TopologyDriver.START.plus(Duration.ofHours(1)).toString(), events.get(0).path("validUntil").asText());
            assertEquals("tenant-cascade", events.get(1).path("cause").asText());
            assertTrue(events.get(1).path("commandId").isNull());

            w.advance(Duration.ofMinutes(5));
            assertTrue(w.events().isEmpty(), "an expiry is emitted once");

            JsonNode extend = w.send(Cmd.tenant("short", "extend-subscription").validUntil(TopologyDriver.START.plus(Duration.ofDays(1)).toString()));
            assertEquals("full", extend.path("entity").path("access").asText());
            List<JsonNode> restored = w.events();
            assertEquals(2, restored.size());
            assertEquals("full", restored.get(1).path("current").path("access").asText());
        }
    }

    @Test
    void an_expiry_long_past_is_applied_at_the_first_scan_and_the_index_only_holds_future_ends() {
        try (TopologyDriver w = new TopologyDriver()) {
            for (int i = 0; i < 3; i++) {
                w.send(Cmd.tenant("t" + i, "register").validUntil(TopologyDriver.START.plus(Duration.ofHours(i + 1)).toString()));
            }
            Given.drain(w);
            assertEquals(3, w.storeSize(StoreNames.TENANT_EXPIRY));
            w.send(Cmd.tenant("t2", "extend-subscription").validUntil(TopologyDriver.START.plus(Duration.ofDays(10)).toString()));
            assertEquals(3, w.storeSize(StoreNames.TENANT_EXPIRY), "an extension replaces the tenant's index entry");
            Given.drain(w);
            w.advance(Duration.ofDays(3));
            List<JsonNode> events = w.events();
            assertEquals(List.of("t0/tenant/t0", "t1/tenant/t1"), events.stream().map(e -> e.path("entityKey").asText()).toList());
            assertEquals(1, w.storeSize(StoreNames.TENANT_EXPIRY));
        }
    }
}
