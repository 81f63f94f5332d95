package io.statusflow.topology;

/**
 * Told about every answered command, for metrics. Implementations must be thread-safe: all stream
 * threads share one.
 */
@FunctionalInterface
public interface CommandObserver {

    CommandObserver NONE = (outcome, code, duplicate, nanos) -> { };

    /**
     * @param nanos time from reading the record to having forwarded its result
     */
    void answered(String outcome, int code, boolean duplicate, long nanos);

    /** A command arrived on a partition that does not own its tenant and was forwarded to the one that does. */
    default void rerouted(int fromPartition, int toPartition) { }
}
