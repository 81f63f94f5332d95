package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Cmd;
import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscription expiry (docs/contract.md, "Subscription expiry"), by the worker's clock. */
class SubscriptionEndTest {

    private final Domain d = new Domain();

    private void tenant(String id, Duration left) {
        d.applied(Cmd.tenant(id, "register").validUntil(d.now.plus(left).toString()));
        d.applied(Domain.client(id, "c1", "register").status("active"));
    }

    @Test
    void an_ended_subscription_revokes_the_tenant_then_its_members() {
        tenant("t1", Duration.ofHours(1));
        d.later(Duration.ofMinutes(59));
        assertEquals(Access.full, d.access("t1", EntityType.tenant, "t1"));
        int before = d.published.size();
        d.later(Duration.ofMinutes(1));
        List<Published> out = d.published.subList(before, d.published.size());
        assertEquals(2, out.size());
        assertEquals(Cause.SUBSCRIPTION_EXPIRED, out.get(0).event().cause());
        assertEquals(Access.none, out.get(0).event().current().access());
        assertEquals(Status.active, out.get(0).snapshot().status(), "its status stays; its access goes");
        assertEquals(Cause.TENANT_CASCADE, out.get(1).event().cause());
        assertEquals(Access.none, d.access("t1", EntityType.client, "c1"));
        assertTrue(d.state.expiry.isEmpty());
        d.later(Duration.ofHours(1));
        assertEquals(before + 2, d.published.size(), "expired once");
    }

    @Test
    void a_subscription_that_ended_while_the_worker_was_down_is_found_by_the_next_scan() {
        tenant("t1", Duration.ofHours(1));
        d.later(Duration.ofDays(30));
        assertEquals(Access.none, d.access("t1", EntityType.tenant, "t1"));
        assertEquals(Access.none, d.access("t1", EntityType.client, "c1"));
    }

    @Test
    void extending_an_expired_subscription_restores_access() {
        tenant("t1", Duration.ofHours(1));
        d.later(Duration.ofHours(2));
        Entity extended = d.applied(Cmd.tenant("t1", "extend-subscription").validUntil(d.now.plus(Duration.ofDays(365)).toString()));
        assertEquals(Access.full, extended.access());
        assertEquals(Access.full, d.access("t1", EntityType.client, "c1"));
        assertEquals(1, d.state.expiry.size());
    }

    @Test
    void an_extension_before_the_end_moves_the_end() {
        tenant("t1", Duration.ofHours(1));
        d.applied(Cmd.tenant("t1", "extend-subscription").validUntil(d.now.plus(Duration.ofDays(2)).toString()));
        d.later(Duration.ofDays(1));
        assertEquals(Access.full, d.access("t1", EntityType.tenant, "t1"));
        d.later(Duration.ofDays(1));
        assertEquals(Access.none, d.access("t1", EntityType.tenant, "t1"));
    }

    @Test
    void a_scan_takes_a_bounded_number_of_ended_subscriptions() {
        for (String t : List.of("a", "b", "c")) {
            tenant(t, Duration.ofHours(1));
        }
        d.now = d.now.plus(Duration.ofHours(2));
        d.run(SubscriptionEnd.scan(d.state, d.now, 2, 250));
        assertEquals(1, d.state.expiry.size());
        d.run(SubscriptionEnd.scan(d.state, d.now, 2, 250));
        assertTrue(d.state.expiry.isEmpty());
        for (String t : List.of("a", "b", "c")) {
            assertEquals(Access.none, d.access(t, EntityType.tenant, t), t);
        }
    }

    @Test
    void a_deactivated_tenant_whose_subscription_ends_gets_no_second_revocation() {
        tenant("t1", Duration.ofHours(1));
        d.applied(Cmd.tenant("t1", "deactivate"));
        int before = d.published.size();
        d.later(Duration.ofHours(2));
        assertEquals(before, d.published.size());
        assertTrue(d.state.expiry.isEmpty());
    }
}
