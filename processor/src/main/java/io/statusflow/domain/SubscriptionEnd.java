package io.statusflow.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ends the subscriptions whose {@code validUntil} has passed, by the worker's clock: the tenant
 * gets an event with cause {@code subscription-expired}, and its members lose access in a
 * cascade. It reads only the front of an index ordered by subscription end, so a scan costs
 * nothing when nothing is due, and a subscription that ended while the worker was down is
 * found by the first scan after the restart.
 */
public final class SubscriptionEnd {

    /** A tenant's subscription end, as the expiry index holds it. */
    public record Due(String tenantId, Instant validUntil) {}

    /** Index entries one scan takes at the most, so that a backlog is worked off in bounded steps. */
    public static final int MAX_PER_SCAN = 1_000;

    private SubscriptionEnd() {}

    /**
     * @param max how many index entries one scan takes at the most
     * @param cascadeBudget members looked at in the first step of each cascade
     */
    public static Step scan(StateView state, Instant now, int max, int cascadeBudget) {
        Step all = Step.NONE;
        Set<String> ended = new HashSet<>();
        for (Due due : state.subscriptionsEndedBy(now, max)) {
            all = all.then(new Step(List.of(new Change.RemoveExpiry(due.tenantId(), due.validUntil())), List.of(), 0));
            Optional<Entity> tenant = state.entity(EntityKey.tenant(due.tenantId()));
            // A tenant listed twice is ended once: the state read here does not hold this scan's writes.
            if (tenant.isEmpty() || !Propagation.expired(tenant.get(), now) || !ended.add(due.tenantId())) {
                continue;
            }
            Optional<Propagation.Reconciled> r = Propagation.reconcile(tenant.get(), Optional.empty(), now,
                    Trigger.expiry());
            if (r.isPresent()) {
                Entity expired = r.get().entity();
                all = all.then(new Step(List.of(new Change.PutEntity(expired)),
                        List.of(new Published(r.get().event(), expired)), 1))
                        .then(TenantCascade.start(expired, Trigger.expiry(), state, cascadeBudget, now));
            }
        }
        return all;
    }
}
