package io.statusflow.domain;

import java.util.Optional;

/** Reads of entities and identifiers: all that the rights and the read rule need. */
public interface EntityView {

    /** The entity, a deleted marker included; empty if it was never registered. */
    Optional<Entity> entity(EntityKey key);

    /** The user id an identifier points at, in a tenant. */
    Optional<String> userIdByIdentifier(String tenantId, String identifier);
}
