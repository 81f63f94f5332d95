package io.statusflow.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The worker's state as the domain reads and writes it; the task's stores implement it, and the
 * domain tests use a map. Every write of a command, a cascade step or an expiry goes through
 * {@link #prepare}.
 */
public interface StateView extends EntityView {

    /** Commands counted for a rate key in the window that starts at {@code windowStartMs}. */
    long commandCount(String rateKey, long windowStartMs);

    /** The first answer to the command with this id under this record key, if given within the idempotency window before {@code now}. */
    Optional<Result> answered(String recordKey, String commandId, Instant now);

    /** The tenants whose cascade is running. */
    List<String> cascadingTenants();

    /** Where a tenant's running cascade stands. */
    Optional<TenantCascade.Progress> cascade(String tenantId);

    /** Up to {@code max} of a tenant's members in key order, after {@code afterKey} (from the first when empty). */
    TenantCascade.Members members(String tenantId, Optional<String> afterKey, int max);

    /** Up to {@code max} subscriptions that ended at or before {@code now}, earliest first. */
    List<SubscriptionEnd.Due> subscriptionsEndedBy(Instant now, int max);

    /**
     * Builds every write of {@code changes} (keys and values encoded) and returns them, to be run
     * together once everything else the caller must build is built: nothing is written before.
     */
    Runnable prepare(List<Change> changes);
}
