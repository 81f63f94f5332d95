package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import java.util.Objects;

/**
 * Identity of an entity: {@code <tenantId>/<type>/<id>}; a tenant is {@code t/tenant/t}. A value
 * like a record of its three parts; the joined form is built once, since every store read, event
 * and snapshot of a command asks for it.
 */
public final class EntityKey {

    private final String tenantId;
    private final EntityType type;
    private final String id;
    private final String value;

    public EntityKey(String tenantId, EntityType type, String id) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.type = Objects.requireNonNull(type);
        this.id = Objects.requireNonNull(id);
        this.value = tenantId + "/" + type.name() + "/" + id;
    }

    public static EntityKey tenant(String tenantId) {
        return new EntityKey(tenantId, EntityType.tenant, tenantId);
    }

    /** Prefix shared by the keys of every entity of a tenant, the tenant included. */
    public static String tenantPrefix(String tenantId) {
        return tenantId + "/";
    }

    public String tenantId() {
        return tenantId;
    }

    public EntityType type() {
        return type;
    }

    public String id() {
        return id;
    }

    public EntityKey tenantKey() {
        return tenant(tenantId);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityKey k && k.type == type && k.id.equals(id) && k.tenantId.equals(tenantId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tenantId.hashCode() + type.hashCode()) + id.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
