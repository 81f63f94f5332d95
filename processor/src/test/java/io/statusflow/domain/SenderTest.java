package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token mode: the actor is the token's, and whoever has no valid token changes nothing and takes no commandId. */
class SenderTest {

    private static final ActorRef PLATFORM = new ActorRef("provisioner", ActorType.service, List.of("platform-admin"));
    private static final Sender.Verified ANY_TENANT = new Sender.Verified(PLATFORM, Optional.empty());
    private static final Sender NONE = new Sender.Unverified("the token has expired");

    private final Domain d = new Domain();

    @BeforeEach
    void tenant() {
        assertEquals(200, d.send(Cmd.tenant("t1", "register").remove("actor"), ANY_TENANT).result().code());
        assertEquals(200, d.send(Domain.user("t1", "u1", "register").status("active").remove("actor"), ANY_TENANT).result().code());
    }

    @Test
    void the_actor_is_the_tokens_and_a_body_without_one_is_fine() {
        Decision.Applied off = assertInstanceOf(Decision.Applied.class,
                d.send(Domain.user("t1", "u1", "deactivate").remove("actor"), ANY_TENANT));
        assertEquals("provisioner", off.event().orElseThrow().actor().orElseThrow().id());
        assertEquals(Optional.of("provisioner"), d.entity("t1", EntityType.user, "u1").updatedBy());
    }

    @Test
    void no_valid_token_is_a_401_with_its_reason_that_changes_nothing() {
        Decision refused = d.send(Domain.user("t1", "u1", "deactivate").by(Actors.PLATFORM), NONE);
        assertEquals(401, refused.result().code());
        assertEquals("the token has expired", refused.result().message());
        assertTrue(refused.writes().isEmpty(), "not even a rate count");
        assertEquals(Status.active, d.entity("t1", EntityType.user, "u1").status());
    }

    @Test
    void a_malformed_command_without_a_token_is_a_400_first_as_the_check_order_says() {
        assertEquals(400, d.send(Domain.user("t1", "u1", "suspend"), NONE).result().code());
    }

    @Test
    void a_record_without_a_token_neither_takes_a_command_id_nor_gets_its_first_answer() {
        Decision forged = d.send(Domain.user("t1", "u1", "deactivate").id("job-7"), NONE);
        assertEquals(401, forged.result().code());
        Decision real = d.send(Domain.user("t1", "u1", "deactivate").id("job-7").remove("actor"), ANY_TENANT);
        assertInstanceOf(Decision.Applied.class, real, "the forged record did not take job-7");
        Decision again = d.send(Domain.user("t1", "u1", "deactivate").id("job-7"), NONE);
        assertEquals(401, again.result().code(), "the first answer is its sender's, not anyone's");
        assertFalse(again.result().duplicate());
        assertTrue(d.send(Domain.user("t1", "u1", "deactivate").id("job-7").remove("actor"), ANY_TENANT).result().duplicate());
    }

    @Test
    void a_body_actor_that_is_not_the_tokens_is_a_403() {
        ActorRef admin = new ActorRef("api", ActorType.service, List.of("admin"));
        Sender.Verified token = new Sender.Verified(admin, Optional.empty());
        for (Actors.Actor body : List.of(new Actors.Actor("someone-else", "service", List.of("admin")),
                new Actors.Actor("api", "sync", List.of()), new Actors.Actor("api", "service", List.of("admin", "platform-admin")))) {
            Decision d403 = d.send(Domain.user("t1", "u1", "deactivate").by(body), token);
            assertEquals(403, d403.result().code(), body::toString);
            assertTrue(d403.result().message().startsWith("the command's actor"), d403.result().message());
        }
        assertEquals(Status.active, d.entity("t1", EntityType.user, "u1").status());
        // The same actor, or one claiming fewer roles in another case, is the token's.
        assertEquals(200, d.send(Domain.user("t1", "u1", "deactivate").by(new Actors.Actor("api", "service", List.of("ADMIN"))),
                token).result().code());
    }

    @Test
    void a_token_limited_to_another_tenant_is_a_403_that_is_not_remembered() {
        Sender.Verified other = new Sender.Verified(PLATFORM, Optional.of("t2"));
        Decision refused = d.send(Domain.user("t1", "u1", "deactivate").id("job-8").remove("actor"), other);
        assertEquals(403, refused.result().code());
        assertEquals("the token is limited to tenant t2 and may not act in tenant t1", refused.result().message());
        Sender.Verified own = new Sender.Verified(PLATFORM, Optional.of("t1"));
        assertInstanceOf(Decision.Applied.class, d.send(Domain.user("t1", "u1", "deactivate").id("job-8").remove("actor"), own));
    }

    @Test
    void the_tokens_roles_decide_what_it_may_do() {
        Sender.Verified viewer = new Sender.Verified(new ActorRef("bot", ActorType.service, List.of("viewer")), Optional.empty());
        assertEquals(403, d.send(Cmd.tenant("t1", "deactivate").remove("actor"), viewer).result().code());
        Sender.Verified sync = new Sender.Verified(new ActorRef("scim", ActorType.sync, List.of()), Optional.empty());
        assertEquals(200, d.send(Domain.user("t1", "u1", "deactivate").remove("actor"), sync).result().code());
        Decision notSync = d.send(Domain.user("t1", "u1", "activate").remove("actor"), ANY_TENANT);
        assertEquals(409, notSync.result().code(), "what sync disabled, only sync enables: " + notSync.result().message());
    }

    @Test
    void an_unreadable_record_without_a_token_is_answered_but_not_remembered() {
        Decision first = StatusMachine.unreadable("t1", "job-9", "the value is not JSON", NONE, d.state, d.now);
        assertEquals(400, first.result().code());
        assertTrue(first.writes().isEmpty());
    }
}
