package io.statusflow.topology;

/** Names of the topology's sink nodes. */
final class Sinks {
    static final String RESULTS = "results-sink";
    static final String EVENTS = "events-sink";
    static final String CURRENT = "current-sink";
    static final String DEAD_LETTERS = "dead-letter-sink";
    static final String REROUTED = "rerouted-sink";

    private Sinks() {}
}
