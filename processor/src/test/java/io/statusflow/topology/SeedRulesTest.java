package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.domain.Rules;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule of the five seed admin API documents, through commands on the topology. */
class SeedRulesTest {

    private final TopologyDriver w = new TopologyDriver();

    @AfterEach
    void close() {
        w.close();
    }

    private static void assertCode(int code, String outcome, JsonNode result) {
        assertEquals(code, result.path("code").asInt(), result::toString);
        assertEquals(outcome, result.path("outcome").asText(), result::toString);
    }

    @Nested
    class Seed000ClientStatus {

        @Test
        void admin_deactivates_and_reactivates_a_client() {
            Given.tenantWithAdmin(w, "tenant123", "42");
            Given.client(w, "tenant123", "456", "active");

            JsonNode off = w.send(Cmd.client("tenant123", "456", "deactivate").by(Actors.admin("42")));
            assertCode(200, "applied", off);
            assertEquals("client 456 deactivated", off.path("message").asText());
            assertEquals("inactive", off.path("entity").path("status").asText());
            assertEquals("none", off.path("entity").path("access").asText());
            assertEquals(1, w.events().size());

            JsonNode on = w.send(Cmd.client("tenant123", "456", "activate").by(Actors.admin("42")));
            assertCode(200, "applied", on);
            assertEquals("active", on.path("entity").path("status").asText());
            assertEquals("full", on.path("entity").path("access").asText());
            assertEquals(3, on.path("entity").path("version").asLong());
        }

        @Test
        void non_admin_gets_403_with_the_seed_message() {
            Given.tenantWithAdmin(w, "tenant123", "42");
            Given.user(w, "tenant123", "7", "active");
            Given.client(w, "tenant123", "456", "active");

            JsonNode r = w.send(Cmd.client("tenant123", "456", "deactivate").by(Actors.member("7")));
            assertCode(403, "rejected", r);
            assertEquals("forbidden", r.path("error").asText());
            assertEquals("Admin privileges required to modify client status", r.path("message").asText());
            assertTrue(r.path("entity").isNull());
            assertTrue(w.events().isEmpty());
        }

        @Test
        void unknown_client_gets_404_client_not_found_in_tenant_scope() {
            Given.tenantWithAdmin(w, "tenant123", "42");
            Given.tenantWithAdmin(w, "other", "1");
            Given.client(w, "other", "456", "active");

            JsonNode r = w.send(Cmd.client("tenant123", "456", "activate").by(Actors.admin("42")));
            assertCode(404, "rejected", r);
            assertTrue(r.path("message").asText().startsWith("Client not found in tenant scope"), r::toString);
        }
    }

    @Nested
    class Seed001UserStatus {

        @Test
        void suspend_with_reason_then_lift_the_suspension() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "42", "active");

            JsonNode s = w.send(Cmd.user("default", "42", "suspend").reason("Violation of terms of service")
                    .by(Actors.admin("admin1")));
            assertCode(200, "applied", s);
            JsonNode e = s.path("entity");
            assertEquals("suspended", e.path("status").asText());
            assertEquals("Violation of terms of service", e.path("reason").asText());
            assertEquals("admin", e.path("disabledBy").asText());

            JsonNode lift = w.send(Cmd.user("default", "42", "activate").by(Actors.admin("admin1")));
            assertCode(200, "applied", lift);
            assertEquals("active", lift.path("entity").path("status").asText());
            assertTrue(lift.path("entity").path("disabledBy").isNull());
            assertTrue(lift.path("entity").path("reason").isNull());
        }

        @Test
        void suspend_without_reason_is_400() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "42", "active");
            JsonNode r = w.send(Cmd.user("default", "42", "suspend").by(Actors.admin("admin1")));
            assertCode(400, "rejected", r);
            assertEquals("reason is required when suspending a user", r.path("message").asText());
            assertTrue(w.events().isEmpty());
        }

        @Test
        void deactivate_then_activate_and_404_for_unknown_user() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "42", "active");
            assertCode(200, "applied", w.send(Cmd.user("default", "42", "deactivate").by(Actors.admin("admin1"))));
            assertCode(200, "applied", w.send(Cmd.user("default", "42", "activate").by(Actors.admin("admin1"))));
            assertCode(404, "rejected", w.send(Cmd.user("default", "43", "activate").by(Actors.admin("admin1"))));
        }
    }

    @Nested
    class Seed002TenantStatus {

        @Test
        void platform_admin_deactivates_and_activates_a_tenant() {
            w.send(Cmd.tenant("acme-corp", "register").validUntil("2027-06-30T23:59:59Z"));
            w.events();
            JsonNode off = w.send(Cmd.tenant("acme-corp", "deactivate"));
            assertCode(200, "applied", off);
            assertEquals("inactive", off.path("entity").path("status").asText());
            assertEquals("2027-06-30T23:59:59Z", off.path("entity").path("validUntil").asText());
            JsonNode on = w.send(Cmd.tenant("acme-corp", "activate"));
            assertEquals("full", on.path("entity").path("access").asText());
            assertEquals(2, w.events().size());
        }

        @Test
        void tenant_id_must_match_the_key_and_the_target() {
            w.send(Cmd.tenant("acme-corp", "register"));
            JsonNode wrongKey = w.send("other-corp", Cmd.tenant("acme-corp", "deactivate").bytes());
            assertCode(400, "rejected", wrongKey);
            assertTrue(wrongKey.path("message").asText().contains("differs from the record key"));

            JsonNode wrongTarget = w.send(Cmd.of("acme-corp", "tenant", "other-corp", "deactivate").by(Actors.PLATFORM));
            assertCode(400, "rejected", wrongTarget);
            assertTrue(wrongTarget.path("message").asText().contains("must equal tenantId"));
        }

        @Test
        void subscription_extension_must_be_in_the_future_and_later_than_before() {
            w.send(Cmd.tenant("acme-corp", "register").validUntil("2027-06-30T23:59:59Z"));
            assertCode(400, "rejected", w.send(Cmd.tenant("acme-corp", "extend-subscription")
                    .validUntil("2026-01-01T00:00:00Z")));
            assertCode(400, "rejected", w.send(Cmd.tenant("acme-corp", "extend-subscription")
                    .validUntil("2027-01-01T00:00:00Z")));
            w.events();
            JsonNode ok = w.send(Cmd.tenant("acme-corp", "extend-subscription").validUntil("2027-12-31T23:59:59Z"));
            assertCode(200, "applied", ok);
            assertEquals("2027-12-31T23:59:59Z", ok.path("entity").path("validUntil").asText());
            List<JsonNode> events = w.events();
            assertEquals(1, events.size());
            assertEquals("2027-12-31T23:59:59Z", events.get(0).path("validUntil").asText());
        }

        @Test
        void valid_until_is_kept_to_the_millisecond_in_every_output_and_the_store() {
            JsonNode registered = w.send(Cmd.tenant("acme-corp", "register").validUntil("2027-06-30T23:59:59.123456789Z"));
            assertEquals("2027-06-30T23:59:59.123Z", registered.path("entity").path("validUntil").asText());
            assertEquals("2027-06-30T23:59:59.123Z", w.events().get(0).path("validUntil").asText());
            assertEquals("2027-06-30T23:59:59.123Z", w.current().get(0).value.path("validUntil").asText());

            // Finer than the millisecond kept, so not later than the current end: the same 400 as an equal one.
            JsonNode finer = w.send(Cmd.tenant("acme-corp", "extend-subscription").validUntil("2027-06-30T23:59:59.1235Z"));
            assertCode(400, "rejected", finer);
            assertEquals("validUntil", finer.path("field").asText());
            assertTrue(w.events().isEmpty());
        }

        @Test
        void only_a_platform_admin_service_may_change_a_tenant() {
            Given.tenantWithAdmin(w, "acme-corp", "alice");
            assertCode(403, "rejected", w.send(Cmd.of("acme-corp", "tenant", "acme-corp", "deactivate")
                    .by(Actors.admin("alice"))));
            assertCode(403, "rejected", w.send(Cmd.of("acme-corp", "tenant", "acme-corp", "deactivate")
                    .by(Actors.SERVICE_ADMIN)));
            assertCode(403, "rejected", w.send(Cmd.of("acme-corp", "tenant", "acme-corp", "deactivate")
                    .by(Actors.SYNC)));
        }
    }

    @Nested
    class Seed003SetStatus {

        @Test
        void every_status_of_the_enum_by_id_and_by_identifier() {
            Given.tenantWithAdmin(w, "default", "admin1");
            w.send(Cmd.user("default", "d4add56e-c345-4ac9-b392-7a890a60559a", "register").identifier("ben")
                    .by(Actors.PLATFORM));
            w.events();
            String[][] steps = {
                {"ben", "active", "full"}, {"d4add56e-c345-4ac9-b392-7a890a60559a", "risky", "restricted"},
                {"ben", "pending", "none"}, {"ben", "suspended", "none"},
                {"d4add56e-c345-4ac9-b392-7a890a60559a", "inactive", "none"}, {"ben", "active", "full"},
            };
            long version = 1;
            for (String[] step : steps) {
                JsonNode r = w.send(Cmd.user("default", step[0], "set-status").status(step[1])
                        .reason("User is suspended due to abuse of the system.").by(Actors.admin("admin1")));
                assertCode(200, "applied", r);
                assertEquals("d4add56e-c345-4ac9-b392-7a890a60559a", r.path("entity").path("id").asText());
                assertEquals("ben", r.path("entity").path("identifier").asText());
                assertEquals(step[1], r.path("entity").path("status").asText());
                assertEquals(step[2], r.path("entity").path("access").asText());
                assertEquals(++version, r.path("entity").path("version").asLong());
            }
            assertEquals(steps.length, w.events().size());
        }

        @Test
        void status_outside_the_enum_is_400() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "ben", "active");
            JsonNode r = w.send(Cmd.user("default", "ben", "set-status").status("banned").by(Actors.admin("admin1")));
            assertCode(400, "rejected", r);
            assertTrue(r.path("message").asText().contains("'banned' is not one of"), r::toString);
        }
    }

    @Nested
    class Seed004EnabledDisabled {

        @Test
        void enabling_a_user_pending_delete_is_409() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "u1", "inactive");
            assertCode(200, "applied", w.send(Cmd.user("default", "u1", "mark-pending-delete").by(Actors.SYNC)));
            JsonNode r = w.send(Cmd.user("default", "u1", "activate").by(Actors.admin("admin1")));
            assertCode(409, "rejected", r);
            assertEquals("conflict", r.path("error").asText());
            assertEquals("pending_delete", r.path("entity").path("status").asText());
            assertCode(409, "rejected", w.send(Cmd.user("default", "u1", "activate").by(Actors.SYNC)));
        }

        @Test
        void only_sync_may_enable_what_sync_disabled() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "u1", "active");
            assertCode(200, "applied", w.send(Cmd.user("default", "u1", "deactivate").by(Actors.SYNC)));

            JsonNode byAdmin = w.send(Cmd.user("default", "u1", "activate").by(Actors.admin("admin1")));
            assertCode(409, "rejected", byAdmin);
            assertTrue(byAdmin.path("message").asText().contains("directory synchronization"));
            assertCode(409, "rejected", w.send(Cmd.user("default", "u1", "set-status").status("risky")
                    .by(Actors.SERVICE_ADMIN)));
            // An admin's suspension on top does not launder the sync disable.
            assertCode(200, "applied", w.send(Cmd.user("default", "u1", "suspend").reason("abuse")
                    .by(Actors.admin("admin1"))));
            assertCode(409, "rejected", w.send(Cmd.user("default", "u1", "activate").by(Actors.admin("admin1"))));

            assertCode(200, "applied", w.send(Cmd.user("default", "u1", "activate").by(Actors.SYNC)));
        }

        @Test
        void sync_disabling_an_admin_disabled_user_takes_over_the_disable() {
            Given.tenantWithAdmin(w, "default", "admin1");
            Given.user(w, "default", "u1", "active");
            w.send(Cmd.user("default", "u1", "deactivate").by(Actors.admin("admin1")));
            Given.drain(w);
            JsonNode r = w.send(Cmd.user("default", "u1", "deactivate").by(Actors.SYNC));
            assertCode(200, "applied", r);
            assertEquals("sync", r.path("entity").path("disabledBy").asText());
            assertTrue(w.events().isEmpty(), "status and access did not change: no event");
            assertEquals(1, w.current().size(), "the snapshot changed");
            assertCode(409, "rejected", w.send(Cmd.user("default", "u1", "activate").by(Actors.admin("admin1"))));
        }

        @Test
        void too_many_requests_from_one_actor_is_429() {
            try (TopologyDriver limited = new TopologyDriver(WorkerSettings.defaults().withRules(Rules.defaults().withCommandsPerMinute(3)))) {
                Given.tenantWithAdmin(limited, "default", "admin1");
                Given.user(limited, "default", "u1", "active");
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, limited.send(Cmd.user("default", "u1", i % 2 == 0 ? "deactivate" : "activate")
                            .by(Actors.admin("admin1"))).path("code").asInt());
                }
                JsonNode r = limited.send(Cmd.user("default", "u1", "activate").by(Actors.admin("admin1")));
                assertCode(429, "rejected", r);
                assertEquals("rate_limited", r.path("error").asText());
                // Sync actors are exempt by default.
                assertCode(200, "applied", limited.send(Cmd.user("default", "u1", "activate").by(Actors.SYNC)));
                limited.advance(java.time.Duration.ofMinutes(1));
                assertEquals(200, limited.send(Cmd.user("default", "u1", "deactivate").by(Actors.admin("admin1")))
                        .path("code").asInt());
            }
        }
    }
}
