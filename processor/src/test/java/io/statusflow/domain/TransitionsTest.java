package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.schema.Access;
import io.statusflow.schema.DisabledBy;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each action's change, its event and version, and the conflicts (docs/contract.md, "Commands", "Events"). */
class TransitionsTest {

    private final Domain d = new Domain();

    private Decision.Applied applied(Cmd command) {
        return assertInstanceOf(Decision.Applied.class, d.send(command));
    }

    private Verdict rejected(Cmd command) {
        return assertInstanceOf(Decision.Rejected.class, d.send(command)).verdict();
    }

    @Test
    void register_creates_version_one_with_the_default_status_of_its_type() {
        Decision.Applied tenant = applied(Cmd.tenant("t1", "register"));
        assertEquals(Status.active, tenant.snapshot().status());
        Decision.Applied user = applied(Domain.user("t1", "u1", "register"));
        assertEquals(Status.pending, user.snapshot().status());
        assertEquals(Access.none, user.snapshot().access());
        Event event = user.event().orElseThrow();
        assertEquals(Optional.empty(), event.previous());
        assertEquals(Cause.COMMAND, event.cause());
        assertEquals(1, event.version());
        assertEquals(1, d.entity("t1", EntityType.tenant, "t1").memberCount());
    }

    @Test
    void register_refuses_an_existing_entity_and_a_taken_identifier() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register").identifier("ana@t1.example"));
        assertEquals(Verdict.CONFLICT, rejected(Domain.user("t1", "u1", "register")));
        assertEquals(Verdict.CONFLICT, rejected(Domain.user("t1", "u2", "register").identifier("ana@t1.example")));
        assertEquals(Verdict.CONFLICT, rejected(Cmd.tenant("t1", "register")));
    }

    @Test
    void a_user_id_that_is_another_users_identifier_is_a_conflict_and_the_name_keeps_meaning_that_user() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "bob", "register").identifier("carol").status("active"));
        Decision.Rejected clash = assertInstanceOf(Decision.Rejected.class, d.send(Domain.user("t1", "carol", "register")));
        assertEquals(Verdict.CONFLICT, clash.verdict());
        assertTrue(clash.result().message().contains("identifier of user bob"), clash.result().message());
        Decision.Applied suspended = applied(Domain.user("t1", "carol", "suspend").reason("phishing"));
        assertEquals("bob", suspended.snapshot().key().id());
    }

    @Test
    void an_identifier_that_is_another_users_id_is_a_conflict_but_a_users_own_id_is_not() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "carol", "register"));
        Decision.Rejected clash = assertInstanceOf(Decision.Rejected.class,
                d.send(Domain.user("t1", "bob", "register").identifier("carol")));
        assertEquals(Verdict.CONFLICT, clash.verdict());
        assertTrue(clash.result().message().contains("id of another user"), clash.result().message());
        applied(Domain.user("t1", "dave", "register").identifier("dave"));
        // A client's id is not a user's name: the namespace is users'.
        d.applied(Domain.client("t1", "svc", "register"));
        applied(Domain.user("t1", "erin", "register").identifier("svc"));
    }

    @Test
    void a_deleted_users_id_is_free_to_become_an_identifier() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "carol", "register"));
        d.applied(Domain.user("t1", "carol", "delete"));
        applied(Domain.user("t1", "bob", "register").identifier("carol"));
    }

    @Test
    void each_status_action_sets_its_status_and_the_access_that_follows() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.client("t1", "c1", "register"));
        Object[][] steps = {
            {Domain.client("t1", "c1", "activate"), Status.active, Access.full},
            {Domain.client("t1", "c1", "set-status").status("risky"), Status.risky, Access.restricted},
            {Domain.client("t1", "c1", "deactivate"), Status.inactive, Access.none},
            {Domain.client("t1", "c1", "suspend").reason("leaked key"), Status.suspended, Access.none},
            {Domain.client("t1", "c1", "set-status").status("active"), Status.active, Access.full},
            {Domain.client("t1", "c1", "set-status").status("pending"), Status.pending, Access.none},
            {Domain.client("t1", "c1", "mark-pending-delete"), Status.pending_delete, Access.none},
        };
        long version = 1;
        for (Object[] step : steps) {
            Decision.Applied a = applied((Cmd) step[0]);
            assertEquals(step[1], a.snapshot().status());
            assertEquals(step[2], a.snapshot().access());
            assertEquals(++version, a.event().orElseThrow().version(), "one event per change, no gap");
        }
    }

    @Test
    void a_command_that_changes_nothing_is_unchanged_and_publishes_nothing() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register").status("active"));
        int before = d.published.size();
        Decision again = d.send(Domain.user("t1", "u1", "activate"));
        assertInstanceOf(Decision.Unchanged.class, again);
        assertEquals(Outcome.unchanged, again.result().outcome());
        assertEquals(200, again.result().code());
        assertEquals(before, d.published.size());
        assertTrue(again.writes().stream().noneMatch(Change.PutEntity.class::isInstance));
    }

    @Test
    void a_suspension_needs_a_reason_and_a_status_must_be_one_of_the_enum() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register"));
        assertEquals(Verdict.BAD_REQUEST, rejected(Domain.user("t1", "u1", "suspend")));
        assertEquals(Verdict.BAD_REQUEST, rejected(Domain.user("t1", "u1", "set-status").status("suspended")));
        assertEquals(Verdict.BAD_REQUEST, rejected(Domain.user("t1", "u1", "set-status").status("deleted")));
    }

    @Test
    void pending_delete_lets_only_delete_follow_and_delete_frees_the_identifier() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register").identifier("ana@t1.example").status("active"));
        d.applied(Domain.user("t1", "u1", "mark-pending-delete"));
        assertEquals(Verdict.CONFLICT, rejected(Domain.user("t1", "u1", "activate")));
        Decision.Applied deleted = applied(Domain.user("t1", "ana@t1.example", "delete"));
        assertTrue(deleted.snapshot().isDeleted(), "the snapshot is a tombstone");
        assertEquals(0, d.entity("t1", EntityType.tenant, "t1").memberCount());
        assertEquals(Verdict.NOT_FOUND, rejected(Domain.user("t1", "u1", "activate")));
        assertEquals(200, d.send(Domain.user("t1", "u2", "register").identifier("ana@t1.example")).result().code());
    }

    @Test
    void versions_continue_across_a_delete_and_a_new_registration() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register"));
        d.applied(Domain.user("t1", "u1", "delete"));
        Decision.Applied again = applied(Domain.user("t1", "u1", "register"));
        assertEquals(3, again.event().orElseThrow().version());
        assertEquals(List.of(1L, 2L, 3L), d.events("t1", EntityType.user, "u1").stream().map(Event::version).toList());
    }

    @Test
    void what_sync_disabled_only_sync_enables_even_under_an_admin_suspension() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register").status("active"));
        d.send(Domain.user("t1", "u1", "deactivate").by(Actors.SYNC));
        d.applied(Domain.user("t1", "u1", "suspend").reason("also"));
        assertEquals(Optional.of(DisabledBy.sync), d.entity("t1", EntityType.user, "u1").disabledBy());
        assertEquals(Verdict.CONFLICT, rejected(Domain.user("t1", "u1", "activate")));
        assertEquals(Verdict.CONFLICT, rejected(Domain.user("t1", "u1", "set-status").status("risky")));
        assertEquals(Status.active, applied(Domain.user("t1", "u1", "activate").by(Actors.SYNC)).snapshot().status());
    }

    @Test
    void sync_takes_over_an_admin_disable_without_an_event() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u1", "register").status("active"));
        d.applied(Domain.user("t1", "u1", "deactivate"));
        Decision.Applied takeover = applied(Domain.user("t1", "u1", "deactivate").by(Actors.SYNC));
        assertEquals(Optional.empty(), takeover.event());
        assertEquals(Optional.of(DisabledBy.sync), takeover.snapshot().disabledBy());
        assertEquals(2, takeover.snapshot().version(), "no event, so no new version");
    }

    @Test
    void a_tenant_with_members_cannot_be_deleted() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.client("t1", "c1", "register"));
        assertEquals(Verdict.CONFLICT, rejected(Cmd.tenant("t1", "delete")));
        d.applied(Domain.client("t1", "c1", "delete"));
        assertTrue(applied(Cmd.tenant("t1", "delete")).snapshot().isDeleted());
    }

    @Test
    void a_subscription_is_only_extended_to_a_later_future_date() {
        d.applied(Cmd.tenant("t1", "register").validUntil("2027-06-30T00:00:00Z"));
        assertEquals(Verdict.BAD_REQUEST, rejected(Cmd.tenant("t1", "extend-subscription").validUntil("2027-01-01T00:00:00Z")));
        assertEquals(Verdict.BAD_REQUEST, rejected(Cmd.tenant("t1", "extend-subscription").validUntil("2020-01-01T00:00:00Z")));
        Decision.Applied extended = applied(Cmd.tenant("t1", "extend-subscription").validUntil("2028-06-30T00:00:00Z"));
        assertEquals("2028-06-30T00:00:00Z", extended.event().orElseThrow().validUntil().orElseThrow().toString());
        assertEquals(1, d.state.expiry.size(), "the index holds the new end only");
    }

    @Test
    void an_expected_version_that_differs_is_a_conflict() {
        d.applied(Cmd.tenant("t1", "register"));
        assertEquals(Verdict.CONFLICT, rejected(Cmd.tenant("t1", "deactivate").expectedVersion(2)));
        assertEquals(2, applied(Cmd.tenant("t1", "deactivate").expectedVersion(1)).snapshot().version());
        assertEquals(Verdict.CONFLICT, rejected(Domain.client("t1", "c9", "register").expectedVersion(1)));
    }
}
