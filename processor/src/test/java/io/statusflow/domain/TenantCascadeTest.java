package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Cmd;
import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant cascades (docs/contract.md, "Tenant cascades"), step by step on an in-memory state. */
class TenantCascadeTest {

    private static final int CHUNK = 10;
    private final Domain d = new Domain(Rules.defaults(), CHUNK);

    private void members(String tenant, int users) {
        for (int i = 0; i < users; i++) {
            d.applied(Domain.user(tenant, String.format("u%03d", i), "register").status("active"));
        }
    }

    private List<Event> memberEvents(String tenant, int users) {
        List<Event> all = new java.util.ArrayList<>();
        for (int i = 0; i < users; i++) {
            all.addAll(d.events(tenant, EntityType.user, String.format("u%03d", i)));
        }
        return all;
    }

    @Test
    void a_small_tenant_cascades_with_its_command_tenant_event_first() {
        d.applied(Cmd.tenant("t1", "register"));
        members("t1", 3);
        d.applied(Domain.user("t1", "u001", "deactivate"));
        int before = d.published.size();
        d.applied(Cmd.tenant("t1", "deactivate").reason("unpaid"));
        List<Published> out = d.published.subList(before, d.published.size());
        assertEquals(EntityType.tenant, out.get(0).event().key().type(), "the tenant's own event first");
        assertEquals(Access.none, out.get(0).event().current().access());
        assertEquals(3, out.size(), "the tenant and two members: the inactive one had no access to lose");
        for (Published p : out.subList(1, 3)) {
            assertEquals(Cause.TENANT_CASCADE, p.event().cause());
            assertEquals(Access.none, p.snapshot().access());
            assertEquals(2, p.event().version());
            assertEquals("unpaid", p.event().reason().orElseThrow());
        }
        assertTrue(d.state.cascades.isEmpty(), "finished with its command");
    }

    @Test
    void a_large_tenant_cascades_in_bounded_steps_one_event_per_member() {
        d.applied(Cmd.tenant("t1", "register"));
        members("t1", 35);
        int before = d.published.size();
        d.applied(Cmd.tenant("t1", "deactivate"));
        assertEquals(1 + CHUNK, d.published.size() - before, "the first step runs with the command");
        assertEquals(1, d.state.cascades.size());
        int steps = d.resumeCascades();
        assertEquals(3, steps);
        List<Event> events = memberEvents("t1", 35).stream().filter(e -> e.cause() == Cause.TENANT_CASCADE).toList();
        assertEquals(35, events.size());
        assertTrue(events.stream().allMatch(e -> e.version() == 2 && e.current().access() == Access.none));
    }

    @Test
    void a_member_changed_by_a_command_during_the_cascade_is_not_changed_again() {
        d.applied(Cmd.tenant("t1", "register"));
        members("t1", 25);
        d.applied(Cmd.tenant("t1", "deactivate"));
        // u020 is beyond the first step; its command already sees the tenant's new state.
        Entity suspended = d.applied(Domain.user("t1", "u020", "suspend").reason("r"));
        assertEquals(Access.none, suspended.access());
        d.resumeCascades();
        List<Event> u20 = d.events("t1", EntityType.user, "u020");
        assertEquals(List.of(Cause.COMMAND, Cause.COMMAND), u20.stream().map(Event::cause).toList());
        assertEquals(25 - 1, memberEvents("t1", 25).stream().filter(e -> e.cause() == Cause.TENANT_CASCADE).count());
    }

    @Test
    void a_new_change_restarts_the_cascade_and_every_member_ends_in_line_with_its_tenant() {
        d.applied(Cmd.tenant("t1", "register"));
        members("t1", 25);
        d.applied(Cmd.tenant("t1", "deactivate"));
        d.applied(Cmd.tenant("t1", "activate"));
        d.resumeCascades();
        for (int i = 0; i < 25; i++) {
            String id = String.format("u%03d", i);
            assertEquals(Access.full, d.access("t1", EntityType.user, id), id);
            int events = d.events("t1", EntityType.user, id).size();
            assertEquals(i < CHUNK ? 3 : 1, events, id + ": only the first step's members lost access and regained it");
        }
    }

    @Test
    void other_tenants_cascades_share_one_budget() {
        for (String t : List.of("a", "b")) {
            d.applied(Cmd.tenant(t, "register"));
            members(t, 30);
            d.applied(Cmd.tenant(t, "deactivate"));
        }
        int before = d.published.size();
        d.run(TenantCascade.resume(d.state, CHUNK, d.now));
        List<Published> step = d.published.subList(before, d.published.size());
        assertTrue(step.size() <= CHUNK, "one budget for all: " + step.size());
        for (String t : List.of("a", "b")) {
            assertTrue(step.stream().anyMatch(p -> p.event().key().tenantId().equals(t)), "a step for " + t);
        }
    }

    @Test
    void a_cascade_whose_tenant_is_gone_ends() {
        d.state.write(List.of(new Change.PutCascade(new TenantCascade.Progress("gone", java.util.Optional.empty(),
                Trigger.expiry(), d.now))));
        d.resumeCascades();
        assertTrue(d.state.cascades.isEmpty());
    }
}
