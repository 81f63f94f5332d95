package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

/** Common starting states, set up through commands like any other. */
final class Given {

    private Given() {}

    /** A registered, active tenant with one active admin user, outputs drained. */
    static void tenantWithAdmin(TopologyDriver w, String tenant, String admin) {
        applied(w.send(Cmd.tenant(tenant, "register")));
        applied(w.send(Cmd.user(tenant, admin, "register").status("active").by(Actors.PLATFORM)));
        drain(w);
    }

    static void user(TopologyDriver w, String tenant, String id, String status) {
        applied(w.send(Cmd.user(tenant, id, "register").status(status).reason("setup").by(Actors.PLATFORM)));
        drain(w);
    }

    static void client(TopologyDriver w, String tenant, String id, String status) {
        applied(w.send(Cmd.client(tenant, id, "register").status(status).by(Actors.PLATFORM)));
        drain(w);
    }

    static void drain(TopologyDriver w) {
        w.results();
        w.events();
        w.current();
        w.deadLetters();
    }

    static JsonNode applied(JsonNode result) {
        assertEquals("applied", result.path("outcome").asText(), result::toString);
        return result;
    }
}
