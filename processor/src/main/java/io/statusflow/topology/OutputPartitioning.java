package io.statusflow.topology;

import java.util.Locale;

/** How the worker spreads its output records over the partitions of the output topics. */
public enum OutputPartitioning {
    /**
     * Each record goes to the partition number of the command partition it came from, so every
     * output of a tenant is in the partition its commands are in. Under exactly-once this makes
     * an instance's records readable as soon as its own transaction commits: no output
     * partition carries another instance's open transaction ahead of them.
     */
    TENANT,
    /** Kafka's default: by the hash of the record key (the entity key, the commandId). */
    KEY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code tenant} or {@code key}; empty when it is neither. */
    public static java.util.Optional<OutputPartitioning> fromWire(String text) {
        String wire = text.strip().toLowerCase(Locale.ROOT);
        for (OutputPartitioning p : values()) {
            if (p.wire().equals(wire)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
