package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.statusflow.domain.Rules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every code of docs/contract.md, "Checks and codes", and the order in which they are checked. */
class ValidationOrderTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    private static void assertRejected(int code, String error, JsonNode r) {
        assertEquals(code, r.path("code").asInt(), r::toString);
        assertEquals("rejected", r.path("outcome").asText(), r::toString);
        assertEquals(error, r.path("error").asText(), r::toString);
    }

    @Test
    void bad_fields_are_400_before_a_missing_actor_is_401() {
        Given.tenantWithAdmin(w, "t1", "alice");
        assertRejected(400, "bad_request", w.send(Cmd.user("t1", "u1", "suspend")));
        assertRejected(400, "bad_request", w.send(Cmd.user("t1", "u/1", "activate")));
        assertRejected(400, "bad_request", w.send(Cmd.user("t1", "u1", "promote").by(Actors.admin("alice"))));
        assertRejected(400, "bad_request", w.send(Cmd.of("t1", "robot", "u1", "activate").by(Actors.admin("alice"))));
        assertRejected(400, "bad_request", w.send(Cmd.user("t1", "u1", "activate").remove("tenantId")));
        assertRejected(400, "bad_request", w.send(Cmd.user("t1", "u1", "activate")
                .by(new Actors.Actor("x", "robot", java.util.List.of()))));
        assertRejected(400, "bad_request", w.send(Cmd.client("t1", "c1", "extend-subscription")
                .validUntil("2030-01-01T00:00:00Z").by(Actors.PLATFORM)));
        assertRejected(400, "bad_request", w.send(Cmd.tenant("t1", "extend-subscription")
                .validUntil("next tuesday")));
    }

    @Test
    void no_actor_or_a_null_actor_is_401() {
        Given.tenantWithAdmin(w, "t1", "alice");
        JsonNode missing = w.send(Cmd.user("t1", "alice", "deactivate"));
        assertRejected(401, "unauthenticated", missing);
        assertRejected(401, "unauthenticated", w.send(Cmd.user("t1", "alice", "deactivate").set("actor", NullNode.instance)));
        assertTrue(w.events().isEmpty());
    }

    @Test
    void rate_limit_is_checked_before_authorization() {
        try (TopologyDriver limited = new TopologyDriver(WorkerSettings.defaults().withRules(Rules.defaults().withCommandsPerMinute(2)))) {
            Given.tenantWithAdmin(limited, "t1", "alice");
            Given.user(limited, "t1", "bob", "active");
            assertRejected(403, "forbidden", limited.send(Cmd.user("t1", "alice", "deactivate").by(Actors.member("bob"))));
            assertRejected(403, "forbidden", limited.send(Cmd.user("t1", "alice", "deactivate").by(Actors.member("bob"))));
            assertRejected(429, "rate_limited", limited.send(Cmd.user("t1", "alice", "deactivate").by(Actors.member("bob"))));
            // The limit is per actor: alice is not limited by bob's commands.
            assertEquals(200, limited.send(Cmd.user("t1", "bob", "deactivate").by(Actors.admin("alice"))).path("code").asInt());
        }
    }

    @Test
    void authorization_comes_before_existence() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "bob", "active");
        assertRejected(403, "forbidden", w.send(Cmd.user("t1", "ghost", "deactivate").by(Actors.member("bob"))));
        assertRejected(404, "not_found", w.send(Cmd.user("t1", "ghost", "deactivate").by(Actors.admin("alice"))));
        // A user actor of an unknown tenant cannot be an active user there: 403, not 404.
        assertRejected(403, "forbidden", w.send(Cmd.user("nowhere", "ghost", "deactivate").by(Actors.admin("alice"))));
        assertRejected(404, "not_found", w.send(Cmd.user("nowhere", "ghost", "deactivate").by(Actors.SERVICE_ADMIN)));
    }

    @Test
    void deactivated_admin_is_refused_on_its_next_command() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "bob", "active");
        assertEquals(200, w.send(Cmd.user("t1", "alice", "suspend").reason("left the company")
                .by(Actors.SERVICE_ADMIN)).path("code").asInt());
        JsonNode r = w.send(Cmd.user("t1", "bob", "deactivate").by(Actors.admin("alice")));
        assertRejected(403, "forbidden", r);
        assertEquals("Actor alice is not an active user of tenant t1", r.path("message").asText());
    }

    @Test
    void admin_of_an_inactive_tenant_is_refused() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "bob", "active");
        w.send(Cmd.tenant("t1", "deactivate"));
        assertRejected(403, "forbidden", w.send(Cmd.user("t1", "bob", "deactivate").by(Actors.admin("alice"))));
    }

    @Test
    void user_admin_of_another_tenant_is_refused() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.tenantWithAdmin(w, "t2", "carol");
        Given.user(w, "t2", "dave", "active");
        assertRejected(403, "forbidden", w.send(Cmd.user("t2", "dave", "deactivate").by(Actors.admin("alice"))));
    }

    @Test
    void service_without_admin_role_and_sync_suspending_are_refused() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "bob", "active");
        assertRejected(403, "forbidden", w.send(Cmd.user("t1", "bob", "deactivate").by(Actors.SERVICE_PLAIN)));
        assertRejected(403, "forbidden", w.send(Cmd.user("t1", "bob", "suspend").reason("x").by(Actors.SYNC)));
        assertRejected(403, "forbidden", w.send(Cmd.user("t1", "bob", "set-status").status("risky").by(Actors.SYNC)));
    }

    @Test
    void conflicts_are_409() {
        Given.tenantWithAdmin(w, "t1", "alice");
        w.send(Cmd.user("t1", "u1", "register").identifier("ben").by(Actors.SYNC));
        assertRejected(409, "conflict", w.send(Cmd.user("t1", "u1", "register").by(Actors.SYNC)));
        assertRejected(409, "conflict", w.send(Cmd.user("t1", "u2", "register").identifier("ben").by(Actors.SYNC)));
        JsonNode version = w.send(Cmd.user("t1", "u1", "activate").expectedVersion(7).by(Actors.admin("alice")));
        assertRejected(409, "conflict", version);
        assertEquals(1, version.path("entity").path("version").asLong());
        assertEquals(200, w.send(Cmd.user("t1", "u1", "activate").expectedVersion(1).by(Actors.admin("alice")))
                .path("code").asInt());
        JsonNode tenantDelete = w.send(Cmd.tenant("t1", "delete"));
        assertRejected(409, "conflict", tenantDelete);
        assertTrue(tenantDelete.path("message").asText().contains("still has 2 members"));
    }

    @Test
    void existence_is_checked_before_conflicts() {
        Given.tenantWithAdmin(w, "t1", "alice");
        assertRejected(404, "not_found", w.send(Cmd.user("t1", "ghost", "activate").expectedVersion(9)
                .by(Actors.admin("alice"))));
    }

    @Test
    void unchanged_is_200_with_no_event() {
        Given.tenantWithAdmin(w, "t1", "alice");
        JsonNode r = w.send(Cmd.user("t1", "alice", "activate").by(Actors.admin("alice")));
        assertEquals(200, r.path("code").asInt());
        assertEquals("unchanged", r.path("outcome").asText());
        assertEquals("user alice is already active", r.path("message").asText());
        assertTrue(w.events().isEmpty());
        assertTrue(w.current().isEmpty());
    }

    @Test
    void resent_command_id_gets_the_first_result_again_marked_duplicate() {
        Given.tenantWithAdmin(w, "t1", "alice");
        Given.user(w, "t1", "bob", "active");
        Cmd cmd = Cmd.user("t1", "bob", "deactivate").by(Actors.admin("alice")).id("cmd-1");
        JsonNode first = w.send(cmd);
        assertEquals(1, w.events().size());
        assertEquals(1, w.current().size());
        w.advance(java.time.Duration.ofHours(1));
        JsonNode again = w.send(cmd);
        assertTrue(again.path("duplicate").asBoolean());
        assertEquals(first.path("processedAt"), again.path("processedAt"));
        assertEquals(first.path("entity"), again.path("entity"));
        assertTrue(w.events().isEmpty());
        assertTrue(w.current().isEmpty());
        // After the idempotency window the id is new again.
        w.advance(java.time.Duration.ofDays(8));
        JsonNode later = w.send(cmd);
        assertEquals(false, later.path("duplicate").asBoolean());
        assertEquals("unchanged", later.path("outcome").asText());
    }

    @Test
    void expired_command_ids_and_rate_windows_are_purged_from_the_stores() {
        Given.tenantWithAdmin(w, "t1", "alice");
        for (int i = 0; i < 5; i++) {
            w.send(Cmd.user("t1", "alice", "activate").by(Actors.admin("alice")));
        }
        assertEquals(7, w.storeSize(StoreNames.COMMAND_IDS));
        assertEquals(1, w.storeSize(StoreNames.RATES));
        w.advance(java.time.Duration.ofMinutes(2));
        assertEquals(0, w.storeSize(StoreNames.RATES), "ended rate windows are dropped");
        assertEquals(7, w.storeSize(StoreNames.COMMAND_IDS));
        w.advance(java.time.Duration.ofDays(7));
        assertEquals(0, w.storeSize(StoreNames.COMMAND_IDS), "ids older than the window are forgotten");
        assertFalse(w.storeHasKey(StoreNames.PURGE_CURSORS, Purge.COMMAND_IDS_CURSOR), "a finished pass leaves no cursor");
        assertEquals(2, w.storeSize(StoreNames.ENTITIES), "entities are kept");
    }

    @Test
    void the_purge_sweeps_command_ids_in_bounded_runs_and_keeps_the_ids_still_in_the_window() {
        Given.tenantWithAdmin(w, "t1", "alice");
        int old = 2 * Purge.MIN_SWEEP + 500;
        for (int i = 0; i < old; i++) {
            w.send(Cmd.user("t1", "alice", "activate").by(Actors.PLATFORM));
        }
        w.advance(java.time.Duration.ofDays(6));
        int recent = 300;
        for (int i = 0; i < recent; i++) {
            w.send(Cmd.user("t1", "alice", "activate").by(Actors.PLATFORM));
        }
        long all = 2 + old + recent;
        assertEquals(all, w.storeSize(StoreNames.COMMAND_IDS));

        // Past the window for the first ids only: each run reads MIN_SWEEP ids from where the last stopped.
        w.advance(java.time.Duration.ofDays(1).plusSeconds(1));
        long afterFirst = w.storeSize(StoreNames.COMMAND_IDS);
        assertTrue(afterFirst < all && afterFirst >= all - Purge.MIN_SWEEP, "one run reads at most MIN_SWEEP ids: " + afterFirst);
        assertTrue(w.storeHasKey(StoreNames.PURGE_CURSORS, Purge.COMMAND_IDS_CURSOR), "an unfinished pass keeps its cursor");
        // Every id is read within two passes of all / MIN_SWEEP runs each.
        int runs = 0;
        while (w.storeSize(StoreNames.COMMAND_IDS) > recent && runs++ < 2 * (all / Purge.MIN_SWEEP + 1)) {
            w.advance(java.time.Duration.ofSeconds(1));
        }
        assertEquals(recent, w.storeSize(StoreNames.COMMAND_IDS), "the old ids are gone, the recent ones kept");
        assertTrue(runs > 2, "the purge took several bounded runs, not one: " + runs);

        // The recent ids go once their own window has passed.
        w.advance(java.time.Duration.ofDays(6));
        for (int run = 0; run < 2 * (recent / Purge.MIN_SWEEP + 1); run++) {
            w.advance(java.time.Duration.ofSeconds(1));
        }
        assertEquals(0, w.storeSize(StoreNames.COMMAND_IDS));
    }

    @Test
    void a_sweep_reads_enough_that_a_pass_takes_at_most_half_the_window() {
        java.time.Duration week = java.time.Duration.ofDays(7);
        assertEquals(Purge.MIN_SWEEP, Purge.sweepSize(0, Purge.INTERVAL, week));
        assertEquals(Purge.MIN_SWEEP, Purge.sweepSize(1_000_000, Purge.INTERVAL, week));
        // 3.5 days of one-second runs is 302,400 runs.
        assertEquals(3_307, Purge.sweepSize(1_000_000_000, Purge.INTERVAL, week));
        assertEquals(Purge.MAX_SWEEP, Purge.sweepSize(100_000_000_000L, Purge.INTERVAL, week));
        assertEquals(Purge.MAX_SWEEP, Purge.sweepSize(1_000_000, Purge.INTERVAL, java.time.Duration.ofSeconds(1)));
    }
}
