package io.statusflow.topology;

import java.util.List;

/**
 * The worker's topic names, shared by the topology, the launcher and the tests. Keys and values on
 * all of them are bytes on the wire: UTF-8 keys and JSON values, except the dead-letter topic, which
 * keeps the original bytes, and the reroute topic, which carries commands unchanged from a partition
 * that does not own their tenant to the one that does.
 */
public record Topics(String commands, String results, String events, String current, String deadLetters,
        String rerouted) {

    public static final String COMMANDS = "status.commands";
    public static final String RESULTS = "status.command-results";
    public static final String EVENTS = "status.events";
    public static final String CURRENT = "status.current";
    public static final String DEAD_LETTERS = "status.commands.dlq";
    public static final String REROUTED = "status.commands.rerouted";

    public static Topics defaults() {
        return new Topics(COMMANDS, RESULTS, EVENTS, CURRENT, DEAD_LETTERS, REROUTED);
    }

    public List<String> all() {
        return List.of(commands, results, events, current, deadLetters, rerouted);
    }
}
