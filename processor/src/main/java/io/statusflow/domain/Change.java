package io.statusflow.domain;

/** A write the worker must make to its state for a decision to take effect. */
public sealed interface Change {

    /** Store this entity; {@code published} says whether its public snapshot changed. */
    record PutEntity(Entity entity, boolean published) implements Change {}

    /** A user's identifier now points at this user id. */
    record PutAlias(String tenantId, String identifier, String userId) implements Change {}

    /** A user's identifier is free again. */
    record RemoveAlias(String tenantId, String identifier) implements Change {}

    /** A tenant's subscription ends at this time: it goes into the expiry index. */
    record PutExpiry(String tenantId, java.time.Instant validUntil) implements Change {}

    /** A tenant's former subscription end leaves the expiry index. */
    record RemoveExpiry(String tenantId, java.time.Instant validUntil) implements Change {}

    /** The tenant's access changed: bring every member's access in line with it. */
    record StartCascade(String tenantId, Trigger trigger) implements Change {}

    /** The actor's command count in the rate window that starts at {@code windowStartMs}. */
    record CountCommand(String rateKey, long windowStartMs, long count) implements Change {}
}
