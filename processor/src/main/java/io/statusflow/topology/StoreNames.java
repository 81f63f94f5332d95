package io.statusflow.topology;

/** Names of the worker's state stores; their changelog topics are named after them. */
public final class StoreNames {

    /** entityKey to EntityState, deleted markers included. */
    public static final String ENTITIES = "entities";
    /** {@code tenantId/identifier} to user id. */
    public static final String IDENTIFIERS = "identifiers";
    /** {@code tenantId/commandId} to the first result, kept for the idempotency window. */
    public static final String COMMAND_IDS = "command-ids";
    /** Where each purge sweep stopped: {@code command-ids} to the last command id it read. */
    public static final String PURGE_CURSORS = "purge-cursors";
    /** {@code <windowStart>/tenantId/actorType/actorId} to the actor's command count in that window. */
    public static final String RATES = "rates";

    /** tenantId to the progress of its running cascade. */
    public static final String CASCADES = "cascades";
    /** {@code <validUntil>/tenantId}: tenants in the order their subscriptions end. */
    public static final String TENANT_EXPIRY = "tenant-expiry";

    private StoreNames() {}

    /** The key of a user identifier in {@link #IDENTIFIERS}; interactive queries read it too. */
    public static String identifierKey(String tenantId, String identifier) {
        return tenantId + "/" + identifier;
    }
}
