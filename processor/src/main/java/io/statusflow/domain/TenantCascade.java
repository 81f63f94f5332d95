package io.statusflow.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant cascade: when a tenant's access changes, every member whose access changes with it gets
 * one event. It runs in steps of a bounded number of members, in key order from a stored cursor,
 * so other tenants' commands keep flowing; each step's writes (the members, the cursor) commit with
 * its events. A member a command changed meanwhile is already right and is skipped
 * ({@link Propagation} converges), so nothing is doubled or missed.
 */
public final class TenantCascade {

    /** Where a running cascade stands: the last member key it looked at, and what started it. */
    public record Progress(String tenantId, Optional<String> cursor, Trigger trigger, Instant startedAt) {}

    /** One page of a tenant's members in key order, the tenant itself left out. */
    public record Members(List<Entity> entities, Optional<String> lastKey, boolean more) {}

    private TenantCascade() {}

    /** Starts the cascade of a tenant whose access just changed, and runs its first step. */
    public static Step start(Entity tenant, Trigger trigger, StateView state, int budget, Instant now) {
        return step(new Progress(tenant.key().tenantId(), Optional.empty(), trigger, now), tenant, state, budget, now);
    }

    /** The next steps of the running cascades, looking at about {@code budget} members in all. */
    public static Step resume(StateView state, int budget, Instant now) {
        List<String> running = state.cascadingTenants();
        Step all = Step.NONE;
        int left = budget;
        for (String tenantId : running) {
            if (left <= 0) {
                break;
            }
            Step step = resume(tenantId, state, Math.max(1, left / running.size()), now);
            left -= step.looked();
            all = all.then(step);
        }
        return all;
    }

    private static Step resume(String tenantId, StateView state, int budget, Instant now) {
        Optional<Progress> progress = state.cascade(tenantId);
        if (progress.isEmpty()) {
            return Step.NONE;
        }
        Optional<Entity> tenant = Lookup.live(EntityKey.tenant(tenantId), state);
        if (tenant.isEmpty()) {
            return new Step(List.of(new Change.EndCascade(tenantId)), List.of(), 0);
        }
        return step(progress.get(), tenant.get(), state, budget, now);
    }

    private static Step step(Progress progress, Entity tenant, StateView state, int budget, Instant now) {
        Members page = state.members(progress.tenantId(), progress.cursor(), budget);
        List<Change> writes = new ArrayList<>();
        List<Published> published = new ArrayList<>();
        for (Entity member : page.entities()) {
            Propagation.reconcile(member, Optional.of(tenant), now, progress.trigger()).ifPresent(r -> {
                writes.add(new Change.PutEntity(r.entity()));
                published.add(new Published(r.event(), r.entity()));
            });
        }
        writes.add(page.more()
                ? new Change.PutCascade(new Progress(progress.tenantId(), page.lastKey(), progress.trigger(),
                        progress.startedAt()))
                : new Change.EndCascade(progress.tenantId()));
        return new Step(writes, published, Math.max(1, page.entities().size()));
    }
}
