package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The order of the checks (docs/contract.md, "Checks and codes": 400, 401, 429, 403, 404, 409)
 * and the answers that are not a new decision: a repeat, an unreadable record, a failure.
 */
class CheckOrderTest {

    private final Domain d = new Domain();

    private static Verdict verdict(Decision decision) {
        return assertInstanceOf(Decision.Rejected.class, decision).verdict();
    }

    @Test
    void a_bad_field_is_400_before_a_missing_actor_is_401() {
        d.tenantWithAdmin("t1", "alice");
        assertEquals(Verdict.BAD_REQUEST, verdict(d.send(Domain.user("t1", "alice", "suspend").remove("actor"))));
        assertEquals(Verdict.UNAUTHENTICATED, verdict(d.send(Domain.user("t1", "alice", "suspend").reason("r").remove("actor"))));
    }

    @Test
    void a_record_key_that_is_not_the_tenant_is_400() {
        Decision answer = new StatusMachine(Rules.defaults(), 250).decide("t2", Cmd.tenant("t1", "register").raw(), d.state, d.now);
        assertEquals(Verdict.BAD_REQUEST, verdict(answer));
        assertEquals(List.of(), answer.writes());
    }

    @Test
    void a_missing_actor_is_401_before_the_rate_limit_and_counts_nothing() {
        Domain limited = new Domain(Rules.defaults().withCommandsPerMinute(1), 250);
        Decision answer = limited.send(Domain.user("t1", "u1", "activate").remove("actor"));
        assertEquals(Verdict.UNAUTHENTICATED, verdict(answer));
        assertTrue(limited.state.rates.isEmpty());
    }

    @Test
    void the_rate_limit_is_429_before_rights_and_refused_commands_count() {
        Domain limited = new Domain(new Rules(2, Set.of(), Duration.ofMinutes(1)), 250);
        limited.tenantWithAdmin("t1", "alice");
        Actors.Actor bob = Actors.member("bob");
        assertEquals(Verdict.FORBIDDEN, verdict(limited.send(Domain.user("t1", "alice", "deactivate").by(bob))));
        assertEquals(Verdict.FORBIDDEN, verdict(limited.send(Domain.user("t1", "alice", "deactivate").by(bob))));
        assertEquals(Verdict.RATE_LIMITED, verdict(limited.send(Domain.user("t1", "alice", "deactivate").by(bob))));
        // Per actor and window: another actor is not limited, and the next minute bob is not either.
        assertEquals(200, limited.send(Domain.user("t1", "alice", "deactivate").by(Actors.admin("alice"))).result().code());
        limited.now = limited.now.plus(Duration.ofMinutes(1));
        assertEquals(Verdict.FORBIDDEN, verdict(limited.send(Domain.user("t1", "alice", "deactivate").by(bob))));
    }

    @Test
    void rights_are_checked_before_existence() {
        d.tenantWithAdmin("t1", "alice");
        d.applied(Domain.user("t1", "bob", "register").status("active"));
        assertEquals(Verdict.FORBIDDEN, verdict(d.send(Domain.user("t1", "ghost", "deactivate").by(Actors.member("bob")))));
        assertEquals(Verdict.NOT_FOUND, verdict(d.send(Domain.user("t1", "ghost", "deactivate").by(Actors.admin("alice")))));
        assertEquals(Verdict.NOT_FOUND, verdict(d.send(Domain.user("nowhere", "ghost", "deactivate"))));
        // A user actor of an unknown tenant cannot be its active user: 403, not 404.
        assertEquals(Verdict.FORBIDDEN, verdict(d.send(Domain.user("nowhere", "ghost", "deactivate").by(Actors.admin("alice")))));
    }

    @Test
    void existence_is_checked_before_a_conflict() {
        d.tenantWithAdmin("t1", "alice");
        assertEquals(Verdict.NOT_FOUND, verdict(d.send(Domain.user("t1", "ghost", "activate").expectedVersion(7))));
        assertEquals(Verdict.CONFLICT, verdict(d.send(Domain.user("t1", "alice", "deactivate").expectedVersion(7))));
        assertEquals(200, d.send(Domain.user("t1", "alice", "deactivate").expectedVersion(1)).result().code());
    }

    @Test
    void a_repeated_command_gets_its_first_answer_marked_duplicate_and_changes_nothing() {
        d.tenantWithAdmin("t1", "alice");
        Decision first = d.send(Domain.user("t1", "alice", "suspend").reason("phishing").id("s-1"));
        d.now = d.now.plusSeconds(30);
        Decision again = d.send(Domain.user("t1", "alice", "activate").id("s-1"));
        Decision.Repeated repeated = assertInstanceOf(Decision.Repeated.class, again);
        assertEquals(first.result().asDuplicate(), repeated.result());
        assertEquals(List.of(), repeated.writes());
        assertEquals(Status.suspended, d.entity("t1", io.statusflow.schema.EntityType.user, "alice").status());
        assertEquals(2, d.events("t1", io.statusflow.schema.EntityType.user, "alice").size(), "registered, suspended");
    }

    @Test
    void a_command_id_is_forgotten_after_the_idempotency_window_and_is_scoped_to_its_tenant() {
        d.applied(Cmd.tenant("t1", "register").id("same"));
        assertEquals(200, d.send(Cmd.tenant("t2", "register").id("same")).result().code());
        d.now = d.now.plus(Duration.ofDays(8));
        assertEquals(Verdict.CONFLICT, verdict(d.send(Cmd.tenant("t1", "register").id("same"))));
    }

    @Test
    void an_unreadable_record_is_a_400_remembered_for_its_repeats() {
        Decision first = StatusMachine.unreadable("t1", "u-1", "not JSON", d.state, d.now);
        assertEquals(Verdict.BAD_REQUEST, verdict(first));
        assertEquals("unreadable command: not JSON", first.result().message());
        assertEquals(Outcome.rejected, first.result().outcome());
        d.state.write(first.writes());
        assertInstanceOf(Decision.Repeated.class, StatusMachine.unreadable("t1", "u-1", "not JSON", d.state, d.now));
    }

    @Test
    void a_record_out_of_its_bounds_is_answered_but_never_remembered() {
        Decision answer = StatusMachine.outOfBounds("o-1", "the key is longer than 128 bytes", d.now);
        assertEquals(Verdict.BAD_REQUEST, verdict(answer));
        assertEquals(List.of(), answer.writes());
    }

    @Test
    void a_failed_decision_is_a_500_that_changes_nothing_but_its_answer() {
        Decision failed = StatusMachine.failed("f-1", Result.Echo.NONE, d.now);
        assertEquals(Verdict.INTERNAL_ERROR, verdict(failed));
        assertEquals(500, failed.result().code());
        assertEquals(List.of(), failed.writes());
        assertEquals(List.of(new Change.Remember("t1", failed.result())), failed.remembered("t1").writes());
    }
}
