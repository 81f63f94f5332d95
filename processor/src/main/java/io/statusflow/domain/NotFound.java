package io.statusflow.domain;

import io.statusflow.schema.EntityType;

/** The wording of a 404, the same for a command's result and for a read of a status. */
public final class NotFound {

    private NotFound() {}

    public static String tenant(String tenantId) {
        return "Tenant " + tenantId + " not found";
    }

    public static String member(EntityType type, String id, String tenantId) {
        return Character.toUpperCase(type.name().charAt(0)) + type.name().substring(1) + " not found in tenant scope: "
                + type.name() + " " + id + " in tenant " + tenantId;
    }
}
