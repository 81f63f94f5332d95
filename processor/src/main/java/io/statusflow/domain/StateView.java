package io.statusflow.domain;

import java.util.Optional;

/** What the state machine may read of the worker's state; the stores implement it. */
public interface StateView {

    /** The entity, a deleted marker included; empty if it was never registered. */
    Optional<Entity> entity(EntityKey key);

    /** The user id an identifier alias points at, in a tenant. */
    Optional<String> userIdByIdentifier(String tenantId, String identifier);

    /** Commands counted for a rate key in the window that starts at {@code windowStartMs}. */
    long commandCount(String rateKey, long windowStartMs);
}
