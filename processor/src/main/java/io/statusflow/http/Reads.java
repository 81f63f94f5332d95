package io.statusflow.http;

import io.javalin.http.Context;
import io.statusflow.domain.ActorRef;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.NotFound;
import io.statusflow.domain.ReadRule;
import io.statusflow.http.Responses.Errors;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityType;
import io.statusflow.wire.AvroJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Reads of an entity's status: the canonical route, and the seeds' through {@link #read}. */
final class Reads {

    private final Callers callers;
    private final Snapshots snapshots;
    private final Forwarder forwarder;
    private final Duration timeout;

    Reads(Callers callers, Snapshots snapshots, Forwarder forwarder, Duration timeout) {
        this.callers = callers;
        this.snapshots = snapshots;
        this.forwarder = forwarder;
        this.timeout = timeout;
    }

    /** {@code GET /v1/tenants/{tenantId}/{type}/{id}}: the snapshot as {@code status.current} holds it. */
    void canonical(Context ctx) throws Exception {
        EntityType type;
        try {
            type = EntityType.valueOf(ctx.pathParam("type"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, "bad_request", "type must be tenant, user or client");
            return;
        }
        read(ctx, ctx.pathParam("tenantId"), type, ctx.pathParam("id"),
                (c, snap) -> Responses.json(c, 200, new String(AvroJson.write(snap), StandardCharsets.UTF_8)),
                Errors.CANONICAL);
    }

    /**
     * Reads a snapshot for a route, answering 401, 403, 404, 503 or forwarding itself; calls
     * {@code render} only with a snapshot the caller may see.
     */
    void read(Context ctx, String tenantId, EntityType type, String id, BiConsumer<Context, EntitySnapshot> render,
            Errors errors) throws Exception {
        Optional<ActorRef> actor = callers.actor(ctx, errors, 401);
        if (actor.isEmpty()) {
            return;
        }
        try {
            if (snapshots.locate(tenantId) instanceof Snapshots.Location.Elsewhere there) {
                if (ctx.header(Forwarder.FORWARDED) != null) {
                    // The instance that forwarded this thinks we own it, we think not: ownership is moving.
                    throw new Snapshots.Unavailable("tenant state is moving between instances");
                }
                forwarder.relay(ctx, there.hostPort(), null, timeout);
                return;
            }
            if (!ReadRule.mayRead(actor.get(), tenantId, type, new SnapshotState(snapshots, tenantId), Instant.now())) {
                errors.send(ctx, 403, "reading " + type.name() + " status of tenant " + tenantId
                        + " needs an admin of the tenant, a platform-admin or Permissions.Multitenancy.View");
                return;
            }
            Optional<EntitySnapshot> snap = snapshots.local(tenantId, new EntityKey(tenantId, type, id).value());
            if (snap.isEmpty()) {
                boolean noTenant = type == EntityType.tenant
                        || snapshots.local(tenantId, EntityKey.tenant(tenantId).value()).isEmpty();
                errors.send(ctx, 404, noTenant ? NotFound.tenant(tenantId) : NotFound.member(type, id, tenantId));
                return;
            }
            render.accept(ctx, snap.get());
        } catch (Snapshots.Unavailable e) {
            Responses.unavailable(ctx, errors, e.getMessage());
        } catch (SnapshotState.Unavailable e) {
            Responses.unavailable(ctx, errors, e.getCause().getMessage());
        }
    }
}
