package io.statusflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statusflow.topology.Actors;
import io.statusflow.topology.Cmd;
import io.statusflow.schema.Access;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain run as the worker runs it, on a {@link MemoryState}: each command answered and its
 * writes made, a tenant's first cascade step run with its command, later steps and expiry scans
 * on demand. Records every published event in order.
 */
final class Domain {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    final MemoryState state = new MemoryState();
    final List<Published> published = new ArrayList<>();
    private final StatusMachine machine;
    private final int chunk;
    Instant now = T0;

    Domain() {
        this(Rules.defaults(), 250);
    }

    Domain(Rules rules, int chunk) {
        this.machine = new StatusMachine(rules, chunk);
        this.chunk = chunk;
    }

    /** A command on a user, by a service admin. */
    static Cmd user(String tenant, String id, String action) {
        return Cmd.user(tenant, id, action).by(Actors.SERVICE_ADMIN);
    }

    /** A command on an API client, by a service admin. */
    static Cmd client(String tenant, String id, String action) {
        return Cmd.client(tenant, id, action).by(Actors.SERVICE_ADMIN);
    }

    Decision send(Cmd command) {
        return send(command, Sender.TRUSTED);
    }

    /** Sends a command as the worker does in token mode, from this sender. */
    Decision send(Cmd command, Sender sender) {
        Decision d = machine.answer(command.tenantId(), command.raw(), sender, state, now);
        state.write(d.writes());
        if (d instanceof Decision.Applied applied) {
            applied.event().ifPresent(e -> published.add(new Published(e, applied.snapshot())));
            applied.cascade().ifPresent(this::run);
        }
        return d;
    }

    /** Sends a command that must be applied, and returns the entity it left. */
    Entity applied(Cmd command) {
        Decision d = send(command);
        assertEquals(200, d.result().code(), () -> d.result().message());
        return d.result().entity().orElseThrow();
    }

    void run(Step step) {
        state.write(step.writes());
        published.addAll(step.published());
    }

    /** The worker's cascade punctuation, until no cascade is left. */
    int resumeCascades() {
        int steps = 0;
        while (!state.cascadingTenants().isEmpty()) {
            run(TenantCascade.resume(state, chunk, now));
            steps++;
        }
        return steps;
    }

    /** The clock moves on, and the worker's expiry scan runs. */
    void later(Duration d) {
        now = now.plus(d);
        run(SubscriptionEnd.scan(state, now, SubscriptionEnd.MAX_PER_SCAN, chunk));
    }

    Entity entity(String tenant, EntityType type, String id) {
        return state.entity(new EntityKey(tenant, type, id)).orElseThrow();
    }

    Access access(String tenant, EntityType type, String id) {
        return entity(tenant, type, id).access();
    }

    /** The events published for one entity, in order. */
    List<Event> events(String tenant, EntityType type, String id) {
        EntityKey key = new EntityKey(tenant, type, id);
        return published.stream().map(Published::event).filter(e -> e.key().equals(key)).toList();
    }

    /** A registered, active tenant with an active admin user. */
    void tenantWithAdmin(String tenant, String admin) {
        applied(Cmd.tenant(tenant, "register"));
        applied(Domain.user(tenant, admin, "register").status(Status.active.name()));
    }
}
