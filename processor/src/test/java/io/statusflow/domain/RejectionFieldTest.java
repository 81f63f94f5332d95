package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A rejection about one command field names it, and its message starts with that name: the seed
 * routes rename the field there and nowhere else (docs/http-api.md).
 */
class RejectionFieldTest {

    private final Domain d = new Domain();

    @Test
    void each_shape_check_names_its_field() {
        d.tenantWithAdmin("t1", "alice");
        Map<Cmd, String> cases = new LinkedHashMap<>();
        cases.put(Domain.user("t1", "u1", "suspend"), "reason");
        cases.put(Domain.user("t1", "u1", "register").status("suspended"), "reason");
        cases.put(Domain.user("t1", "u1", "set-status").status("suspended"), "reason");
        cases.put(Domain.user("t1", "u1", "suspend").reason("x".repeat(1025)), "reason");
        cases.put(Domain.user("t1", "u1", "suspend").reason("bell\u0007"), "reason");
        cases.put(Domain.user("t1", "u1", "set-status"), "status");
        cases.put(Domain.user("t1", "u1", "set-status").status("deleted"), "status");
        cases.put(Domain.user("t1", "u1", "activate").remove("action"), "action");
        cases.put(Domain.user("t1", "u1", "fly"), "action");
        cases.put(Domain.user("t1", "u1", "activate").remove("target"), "target");
        cases.put(Domain.user("t1", "u 1", "activate"), "target.id");
        cases.put(Cmd.of("t1", "robot", "r1", "activate").by(Actors.SERVICE_ADMIN), "target.type");
        cases.put(Cmd.tenant("t1", "extend-subscription").by(Actors.PLATFORM), "validUntil");
        cases.put(Cmd.tenant("t1", "extend-subscription").validUntil("2001-01-01T00:00:00Z").by(Actors.PLATFORM),
                "validUntil");
        cases.put(Cmd.tenant("t1", "extend-subscription").validUntil("tomorrow").by(Actors.PLATFORM), "validUntil");
        cases.put(Domain.user("t1", "u1", "register").validUntil("2099-01-01T00:00:00Z"), "validUntil");
        cases.put(Domain.client("t1", "c1", "register").identifier("c@x"), "identifier");
        cases.put(Domain.user("t1", "u1", "register").identifier("a b"), "identifier");
        cases.put(Domain.user("t1", "u1", "activate").expectedVersion(-1), "expectedVersion");
        for (Map.Entry<Cmd, String> c : cases.entrySet()) {
            Result r = d.send(c.getKey()).result();
            assertEquals(400, r.code(), r.message());
            assertEquals(Optional.of(c.getValue()), r.field(), r.message());
            assertTrue(r.message().startsWith(c.getValue() + " "), r.message());
        }
    }

    @Test
    void an_extension_to_an_earlier_end_names_valid_until() {
        d.tenantWithAdmin("t1", "alice");
        Cmd later = Cmd.tenant("t1", "extend-subscription").validUntil("2099-01-01T00:00:00Z").by(Actors.PLATFORM);
        assertEquals(200, d.send(later).result().code());
        Result r = d.send(Cmd.tenant("t1", "extend-subscription").validUntil("2098-01-01T00:00:00Z")
                .by(Actors.PLATFORM)).result();
        assertEquals(400, r.code());
        assertEquals(Optional.of("validUntil"), r.field());
        assertEquals("validUntil 2098-01-01T00:00:00Z must be later than the subscription's current end "
                + "2099-01-01T00:00:00Z", r.message());
    }

    @Test
    void answers_not_about_one_field_name_none() {
        d.tenantWithAdmin("t1", "alice");
        assertEquals(Optional.empty(), d.send(Domain.user("t1", "u1", "register").status("pending_delete")).result().field());
        assertEquals(Optional.empty(), d.send(Domain.user("t1", "ghost", "activate")).result().field());
        assertEquals(Optional.empty(), d.send(Domain.user("t1", "alice", "activate")).result().field());
    }
}
