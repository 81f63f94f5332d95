package io.statusflow.domain;

import io.statusflow.schema.EntityType;

/** Identity of an entity: {@code <tenantId>/<type>/<id>}; a tenant is {@code t/tenant/t}. */
public record EntityKey(String tenantId, EntityType type, String id) {

    public static EntityKey tenant(String tenantId) {
        return new EntityKey(tenantId, EntityType.tenant, tenantId);
    }

    /** Prefix shared by the keys of every entity of a tenant, the tenant included. */
    public static String tenantPrefix(String tenantId) {
        return tenantId + "/";
    }

    public EntityKey tenantKey() {
        return tenant(tenantId);
    }

    public String value() {
        return tenantId + "/" + type.name() + "/" + id;
    }

    @Override
    public String toString() {
        return value();
    }
}
