package io.statusflow.client;

import io.statusflow.schema.Status;

/**
 * An entity's state in one long: its version, status and own access, and whether it was deleted.
 * Never 0, so that 0 can mean "not held".
 */
final class Packed {

    private static final int STATUS_BITS = 3;
    private static final int ACCESS_SHIFT = 3;
    private static final long DELETED = 1L << 5;
    private static final long PRESENT = 1L << 6;
    /** An answer about a member that rests on its tenant's state. */
    private static final long BY_TENANT = 1L << 7;
    private static final int VERSION_SHIFT = 8;
    /** The answer for each of the schema's access values, by its ordinal (full, restricted, none). */
    private static final Access[] BY_OWN = byOwn();
    private static final Status[] STATUSES = Status.values();

    private Packed() {}

    private static Access[] byOwn() {
        Access[] by = new Access[io.statusflow.schema.Access.values().length];
        for (io.statusflow.schema.Access own : io.statusflow.schema.Access.values()) {
            by[own.ordinal()] = switch (own) {
                case full -> Access.FULL;
                case restricted -> Access.RESTRICTED;
                case none -> Access.NONE;
            };
        }
        return by;
    }

    static long of(long version, Status status, io.statusflow.schema.Access access) {
        return version << VERSION_SHIFT | PRESENT | (long) access.ordinal() << ACCESS_SHIFT | status.ordinal();
    }

    /** A deleted entity keeps its last version: waiting for any version of it is over. */
    static long deleted(long previous) {
        return (previous == 0 ? PRESENT : previous) | DELETED;
    }

    /** The tenant's state, as the answer for one of its members. */
    static long byTenantOf(long tenant) {
        return tenant | BY_TENANT;
    }

    static boolean byTenant(long packed) {
        return (packed & BY_TENANT) != 0;
    }

    static long version(long packed) {
        return packed >>> VERSION_SHIFT;
    }

    static boolean isDeleted(long packed) {
        return (packed & DELETED) != 0;
    }

    static Status status(long packed) {
        return isDeleted(packed) ? Status.deleted : STATUSES[(int) (packed & ((1 << STATUS_BITS) - 1))];
    }

    /** The entity's own access as its snapshot said; none once deleted. */
    static Access access(long packed) {
        if (packed == 0) {
            return Access.UNKNOWN;
        }
        if (isDeleted(packed)) {
            return Access.NONE;
        }
        return BY_OWN[(int) (packed >>> ACCESS_SHIFT & 3)];
    }
}
