package io.statusflow.domain;

import io.statusflow.schema.ActorType;

/**
 * The roles the rules name, each written once here. Roles compare case-insensitively
 * ({@link ActorRef#hasRole}). {@code platform-admin} has two uses, kept apart by name: changing
 * tenants needs a <em>service</em> holding it, while reading any tenant or the worker's metrics
 * needs only the role, whatever the actor's type.
 */
public final class Roles {

    /** An administrator of its own tenant. */
    public static final String ADMIN = "admin";
    /** The operator of the platform, above every tenant. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Seed 002's permission to read tenant status, as a role. */
    public static final String VIEW_PERMISSION = "permissions.multitenancy.view";

    private Roles() {}

    /** May change tenants, and anything a tenant's service admin may: a service holding platform-admin. */
    public static boolean platformService(ActorRef actor) {
        return actor.type() == ActorType.service && actor.hasRole(PLATFORM_ADMIN);
    }

    /** Holds platform-admin, whatever its type: reads every tenant's status and the worker's metrics. */
    public static boolean platformRole(ActorRef actor) {
        return actor.hasRole(PLATFORM_ADMIN);
    }
}
