package io.statusflow.topology;

import java.util.List;

/**
 * The worker's topic names (SPEC section 3), shared by the topology, the launcher and the tests.
 * Keys and values on all of them are bytes on the wire: UTF-8 keys and JSON values, except the
 * dead-letter topic, which keeps the original bytes.
 */
public record Topics(String commands, String results, String events, String current, String deadLetters) {

    public static final String COMMANDS = "status.commands";
    public static final String RESULTS = "status.command-results";
    public static final String EVENTS = "status.events";
    public static final String CURRENT = "status.current";
    public static final String DEAD_LETTERS = "status.commands.dlq";

    public static Topics defaults() {
        return new Topics(COMMANDS, RESULTS, EVENTS, CURRENT, DEAD_LETTERS);
    }

    public List<String> all() {
        return List.of(commands, results, events, current, deadLetters);
    }
}
