package io.statusflow.topology;

/** Names of the worker's state stores; their changelog topics are named after them. */
public final class StoreNames {

    /** entityKey to EntityState, deleted markers included. */
    public static final String ENTITIES = "entities";
    /** {@code tenantId/identifier} to user id. */
    public static final String ALIASES = "identifiers";
    /** {@code tenantId/commandId} to the first result, kept for the idempotency window. */
    public static final String COMMAND_IDS = "command-ids";
    /** {@code tenantId/actorType/actorId} to its command count per rate window. */
    public static final String RATES = "rates";

    private StoreNames() {}
}
