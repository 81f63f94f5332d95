package io.statusflow.domain;

/** A write the worker must make to its state for a decision to take effect. */
public sealed interface Change {

    /** Store this entity; {@code published} says whether its public snapshot changed. */
    record PutEntity(Entity entity, boolean published) implements Change {}

    /** A user's identifier now points at this user id. */
    record PutAlias(String tenantId, String identifier, String userId) implements Change {}

    /** A user's identifier is free again. */
    record RemoveAlias(String tenantId, String identifier) implements Change {}

    /** The actor's command count in the rate window that starts at {@code windowStartMs}. */
    record CountCommand(String rateKey, long windowStartMs, long count) implements Change {}
}
