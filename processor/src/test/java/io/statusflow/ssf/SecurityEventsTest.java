package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statusflow.schema.Access;
import io.statusflow.schema.Actor;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.schema.StatusAccess;
import io.statusflow.schema.StatusEvent;
import io.statusflow.schema.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every row of the event mapping: which SETs, in which order, with which subject and members. */
class SecurityEventsTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00.750Z");
    private static final SecurityEvents.Settings SETTINGS =
            new SecurityEvents.Settings("https://ssf.example/tenants/{tenant}/{type}s", true);

    private static StatusEvent event(EntityType type, Status ps, Access pa, Status cs, Access ca, String cause,
            ActorType actor, String reason) {
        String id = type == EntityType.tenant ? "acme" : "u-17";
        return StatusEvent.newBuilder().setEventId("e-1").setEntityKey("acme/" + type + "/" + id).setTenantId("acme")
                .setTarget(new Target(type, id)).setPrevious(ps == null ? null : new StatusAccess(ps, pa))
                .setCurrent(new StatusAccess(cs, ca)).setCause(cause).setCommandId("c-1")
                .setActor(actor == null ? null : new Actor("ops", actor, List.of()))
                .setReason(reason).setValidUntil(null).setVersion(2).setOccurredAt(AT).build();
    }

    private static StatusEvent user(Status ps, Access pa, Status cs, Access ca) {
        return event(EntityType.user, ps, pa, cs, ca, "command", ActorType.service, "phishing");
    }

    private static List<String> types(StatusEvent e) {
        return SecurityEvents.of(e, SETTINGS).stream().map(SecurityEvent::type).toList();
    }

    @Test
    void a_registration_gives_none() {
        assertEquals(List.of(), types(user(null, null, Status.active, Access.full)));
    }

    @Test
    void losing_access_disables_the_account_and_revokes_its_sessions() {
        assertEquals(List.of(EventTypes.ACCOUNT_DISABLED, EventTypes.SESSION_REVOKED),
                types(user(Status.active, Access.full, Status.suspended, Access.none)));
        assertEquals(List.of(EventTypes.ACCOUNT_DISABLED, EventTypes.SESSION_REVOKED),
                types(user(Status.risky, Access.restricted, Status.inactive, Access.none)));
    }

    @Test
    void gaining_access_enables_the_account() {
        assertEquals(List.of(EventTypes.ACCOUNT_ENABLED), types(user(Status.inactive, Access.none, Status.active, Access.full)));
        assertEquals(List.of(EventTypes.ACCOUNT_ENABLED), types(user(Status.pending, Access.none, Status.active, Access.full)));
    }

    @Test
    void a_deletion_purges_the_account_and_revokes_sessions_that_had_access() {
        assertEquals(List.of(EventTypes.ACCOUNT_PURGED, EventTypes.SESSION_REVOKED),
                types(user(Status.active, Access.full, Status.deleted, Access.none)));
        assertEquals(List.of(EventTypes.ACCOUNT_PURGED), types(user(Status.inactive, Access.none, Status.deleted, Access.none)));
    }

    @Test
    void turning_risky_revokes_sessions_and_raises_the_risk_level() {
        List<SecurityEvent> sets = SecurityEvents.of(user(Status.active, Access.full, Status.risky, Access.restricted), SETTINGS);
        assertEquals(List.of(EventTypes.SESSION_REVOKED, EventTypes.RISK_LEVEL_CHANGE), sets.stream().map(SecurityEvent::type).toList());
        Map<String, Object> risk = sets.get(1).payload();
        assertEquals("USER", risk.get("principal"));
        assertEquals("HIGH", risk.get("current_level"));
        assertEquals("LOW", risk.get("previous_level"));
        assertEquals("phishing", risk.get("risk_reason"));
        Map<String, Object> fromPending = SecurityEvents.of(event(EntityType.client, Status.pending, Access.none, Status.risky,
                Access.restricted, "command", ActorType.service, null), SETTINGS).get(1).payload();
        assertEquals(false, fromPending.containsKey("previous_level"), "only an active entity was LOW");
        assertEquals(false, fromPending.containsKey("risk_reason"));
        assertEquals("APPLICATION", fromPending.get("principal"));
    }

    @Test
    void back_from_risky_to_active_lowers_the_risk_level_only() {
        List<SecurityEvent> sets = SecurityEvents.of(user(Status.risky, Access.restricted, Status.active, Access.full), SETTINGS);
        assertEquals(List.of(EventTypes.RISK_LEVEL_CHANGE), sets.stream().map(SecurityEvent::type).toList());
        assertEquals("LOW", sets.get(0).payload().get("current_level"));
        assertEquals("HIGH", sets.get(0).payload().get("previous_level"));
    }

    @Test
    void a_change_that_keeps_access_gives_none() {
        assertEquals(List.of(), types(user(Status.inactive, Access.none, Status.suspended, Access.none)));
        assertEquals(List.of(), types(user(Status.active, Access.full, Status.active, Access.full)));
    }

    @Test
    void users_and_clients_are_issuer_and_id_a_tenant_is_a_complex_subject() {
        Map<String, Object> user = SecurityEvents.of(user(Status.active, Access.full, Status.inactive, Access.none), SETTINGS)
                .get(0).subject();
        assertEquals(Map.of("format", "iss_sub", "iss", "https://ssf.example/tenants/acme/users", "sub", "u-17"), user);
        Map<String, Object> tenant = SecurityEvents.of(event(EntityType.tenant, Status.active, Access.full, Status.inactive,
                Access.none, "command", ActorType.service, "unpaid"), SETTINGS).get(0).subject();
        assertEquals(Map.of("format", "complex", "tenant", Map.of("format", "opaque", "id", "acme")), tenant);
    }

    @Test
    void every_set_says_when_who_and_why() {
        Map<String, Object> p = SecurityEvents.of(user(Status.active, Access.full, Status.inactive, Access.none), SETTINGS)
                .get(1).payload();
        assertEquals(AT.getEpochSecond(), p.get("event_timestamp"));
        assertEquals("admin", p.get("initiating_entity"));
        assertEquals(Map.of("en", "phishing"), p.get("reason_admin"));
    }

    @Test
    void cascades_are_policy_expiry_and_synchronization_are_system() {
        assertEquals("policy", initiator(event(EntityType.user, Status.active, Access.full, Status.active, Access.none,
                "tenant-cascade", ActorType.service, null)));
        assertEquals("system", initiator(event(EntityType.tenant, Status.active, Access.full, Status.active, Access.none,
                "subscription-expired", null, "subscription expired")));
        assertEquals("system", initiator(event(EntityType.user, Status.active, Access.full, Status.inactive, Access.none,
                "command", ActorType.sync, null)));
    }

    @Test
    void without_a_reason_or_when_reasons_are_not_shared_the_reason_is_generic_never_empty() {
        StatusEvent cascade = event(EntityType.user, Status.active, Access.full, Status.active, Access.none,
                "tenant-cascade", ActorType.service, null);
        assertEquals(Map.of("en", "user active (tenant-cascade)"),
                SecurityEvents.of(cascade, SETTINGS).get(1).payload().get("reason_admin"));
        SecurityEvents.Settings secret = new SecurityEvents.Settings(SETTINGS.subjectIssuer(), false);
        assertEquals(Map.of("en", "user inactive (command)"), SecurityEvents.of(
                user(Status.active, Access.full, Status.inactive, Access.none), secret).get(1).payload().get("reason_admin"));
        assertEquals(Map.of("en", "user inactive (command)"), SecurityEvents.of(event(EntityType.user, Status.active,
                Access.full, Status.inactive, Access.none, "command", ActorType.user, "  "), SETTINGS).get(1).payload()
                .get("reason_admin"));
    }

    private static Object initiator(StatusEvent e) {
        return SecurityEvents.of(e, SETTINGS).get(0).payload().get("initiating_entity");
    }
}
