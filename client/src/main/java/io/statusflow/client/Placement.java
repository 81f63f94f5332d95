package io.statusflow.client;

import org.apache.kafka.common.utils.Utils;

/**
 * Where a tenant's commands belong: the partition Java's default partitioner gives the record key
 * (murmur2), the rule the worker keeps a tenant's state by. A command sent there takes no reroute hop.
 */
public final class Placement {

    private Placement() {}

    /** The owning partition of a key among {@code partitions}; a record without a key as an empty one. */
    public static int owner(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key == null ? new byte[0] : key)) % partitions;
    }
}
