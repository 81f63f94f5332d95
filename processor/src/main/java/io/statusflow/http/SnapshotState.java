package io.statusflow.http;

import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.EntityView;
import io.statusflow.schema.EntityState;
import io.statusflow.wire.Records;
import java.util.Optional;

/** The domain's view of one tenant's state through this instance's stores, for the read rule. */
final class SnapshotState implements EntityView {

    /** The stores could not be queried; carries the {@link Snapshots.Unavailable} as its cause. */
    static final class Unavailable extends RuntimeException {
        Unavailable(Snapshots.Unavailable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final Snapshots snapshots;
    private final String tenantId;

    SnapshotState(Snapshots snapshots, String tenantId) {
        this.snapshots = snapshots;
        this.tenantId = tenantId;
    }

    @Override
    public Optional<Entity> entity(EntityKey key) {
        try {
            return snapshots.local(tenantId, key.value()).map(s -> Records.entity(new EntityState(s, 0L)));
        } catch (Snapshots.Unavailable e) {
            throw new Unavailable(e);
        }
    }

    @Override
    public Optional<String> userIdByIdentifier(String tenant, String identifier) {
        try {
            return snapshots.alias(tenant, identifier);
        } catch (Snapshots.Unavailable e) {
            throw new Unavailable(e);
        }
    }
}
