package io.statusflow.http;

import io.statusflow.schema.EntitySnapshot;
import java.util.Optional;

/** Current snapshots from the worker's stores, wherever in the cluster they live. */
public interface Snapshots {

    /** Where a tenant's state lives right now. */
    sealed interface Location {
        /** On this instance. */
        record Here() implements Location {}

        /** On another instance, reachable at this base URL. */
        record Elsewhere(String hostPort) implements Location {}
    }

    /** The store is not queryable right now (starting, rebalancing): answer 503 and let the caller retry. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    Location locate(String tenantId) throws Unavailable;

    /** A live entity's snapshot from this instance's stores; empty if unknown or deleted. */
    Optional<EntitySnapshot> local(String tenantId, String entityKey) throws Unavailable;

    /** The user id a user identifier points at in a tenant, from this instance's stores. */
    default Optional<String> alias(String tenantId, String identifier) throws Unavailable {
        return Optional.empty();
    }
}
