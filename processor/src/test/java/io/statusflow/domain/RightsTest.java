package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may do what (docs/contract.md, "Who may do what"), decided before anything else is looked at. */
class RightsTest {

    private final Domain d = new Domain();

    private int code(Cmd command) {
        return d.send(command).result().code();
    }

    @Test
    void tenant_actions_need_a_platform_admin_service() {
        assertEquals(403, code(Cmd.tenant("t1", "register").by(Actors.SERVICE_ADMIN)));
        assertEquals(403, code(Cmd.tenant("t1", "register").by(new Actors.Actor("p", "user", List.of("platform-admin")))));
        assertEquals(403, code(Cmd.tenant("t1", "register").by(Actors.SYNC)));
        assertEquals(200, code(Cmd.tenant("t1", "register").by(new Actors.Actor("p", "service", List.of("Platform-Admin")))));
    }

    @Test
    void a_service_with_admin_or_platform_admin_acts_on_users_and_clients() {
        d.applied(Cmd.tenant("t1", "register"));
        assertEquals(200, code(Domain.user("t1", "u1", "register").by(Actors.SERVICE_ADMIN)));
        assertEquals(200, code(Domain.client("t1", "c1", "register").by(Actors.PLATFORM)));
        assertEquals(403, code(Domain.client("t1", "c2", "register").by(new Actors.Actor("s", "service", List.of("viewer")))));
    }

    @Test
    void a_user_admin_must_be_an_active_user_of_an_active_tenant_right_now() {
        d.tenantWithAdmin("t1", "alice");
        d.applied(Domain.user("t1", "u1", "register").status("active"));
        assertEquals(200, code(Domain.user("t1", "u1", "deactivate").by(new Actors.Actor("alice", "user", List.of("ADMIN")))));
        assertEquals(403, code(Domain.user("t1", "u1", "activate").by(Actors.member("alice"))), "the admin role is needed");
        assertEquals(403, code(Domain.user("t1", "u1", "activate").by(Actors.admin("stranger"))), "not a user of t1");

        d.applied(Domain.user("t1", "alice", "suspend").reason("compromised"));
        assertEquals(403, code(Domain.user("t1", "u1", "activate").by(Actors.admin("alice"))), "a suspended admin");
        d.applied(Domain.user("t1", "alice", "activate"));
        d.applied(Cmd.tenant("t1", "deactivate"));
        assertEquals(403, code(Domain.user("t1", "u1", "activate").by(Actors.admin("alice"))), "an admin of an inactive tenant");
    }

    @Test
    void a_user_admin_may_be_named_by_its_identifier() {
        d.applied(Cmd.tenant("t1", "register"));
        d.applied(Domain.user("t1", "u-17", "register").status("active").identifier("alice@t1.example"));
        d.applied(Domain.user("t1", "u2", "register"));
        assertEquals(200, code(Domain.user("t1", "u2", "activate").by(Actors.admin("alice@t1.example"))));
    }

    @Test
    void directory_synchronization_may_register_enable_disable_and_delete_only() {
        d.applied(Cmd.tenant("t1", "register"));
        for (String action : List.of("register", "activate", "deactivate", "mark-pending-delete", "delete")) {
            assertEquals(200, code(Domain.user("t1", "u1", action).by(Actors.SYNC)), action);
        }
        d.applied(Domain.user("t1", "u2", "register").status("active"));
        assertEquals(403, code(Domain.user("t1", "u2", "suspend").reason("r").by(Actors.SYNC)));
        assertEquals(403, code(Domain.user("t1", "u2", "set-status").status("risky").by(Actors.SYNC)));
        assertEquals(Status.active, d.entity("t1", EntityType.user, "u2").status());
    }
}
