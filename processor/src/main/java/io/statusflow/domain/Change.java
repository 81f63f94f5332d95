package io.statusflow.domain;

import java.time.Instant;

/** A write the worker must make to its state for a decision to take effect. */
public sealed interface Change {

    /** Store this entity (a deleted marker included). */
    record PutEntity(Entity entity) implements Change {}

    /** A user's identifier now points at this user id. */
    record PutIdentifier(String tenantId, String identifier, String userId) implements Change {}

    /** A user's identifier is free again. */
    record RemoveIdentifier(String tenantId, String identifier) implements Change {}

    /** A tenant's subscription ends at this time: it goes into the expiry index. */
    record PutExpiry(String tenantId, Instant validUntil) implements Change {}

    /** A tenant's former subscription end leaves the expiry index. */
    record RemoveExpiry(String tenantId, Instant validUntil) implements Change {}

    /** The actor's command count in the rate window that starts at {@code windowStartMs}. */
    record CountCommand(String rateKey, long windowStartMs, long count) implements Change {}

    /** The answer to a command, kept for the idempotency window under its record key and commandId. */
    record Remember(String recordKey, Result result) implements Change {}

    /** A tenant cascade's progress: where the next step starts. */
    record PutCascade(TenantCascade.Progress progress) implements Change {}

    /** A tenant cascade is over. */
    record EndCascade(String tenantId) implements Change {}
}
