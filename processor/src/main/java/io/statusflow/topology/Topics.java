package io.statusflow.topology;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The worker's topics, shared by the topology, the launcher and the tests. Commands, dead letters
 * and rerouted commands are read as bytes, whatever a producer sent; results, events and current
 * status are keyed by UTF-8 strings, with JSON values (docs/contract.md, "Topics").
 */
public record Topics(Topic<byte[], byte[]> commands, Topic<String, byte[]> results, Topic<String, byte[]> events,
        Topic<String, byte[]> current, Topic<byte[], byte[]> deadLetters, Topic<byte[], byte[]> rerouted) {

    public static final String COMMANDS = "status.commands";
    public static final String RESULTS = "status.command-results";
    public static final String EVENTS = "status.events";
    public static final String CURRENT = "status.current";
    public static final String DEAD_LETTERS = "status.commands.dlq";
    public static final String REROUTED = "status.commands.rerouted";

    public static Topics defaults() {
        return named(COMMANDS, RESULTS, EVENTS, CURRENT, DEAD_LETTERS, REROUTED);
    }

    public static Topics named(String commands, String results, String events, String current, String deadLetters,
            String rerouted) {
        return new Topics(raw(commands), json(results), json(events), json(current), raw(deadLetters), raw(rerouted));
    }

    public List<String> names() {
        return List.of(commands.name(), results.name(), events.name(), current.name(), deadLetters.name(),
                rerouted.name());
    }

    private static Topic<byte[], byte[]> raw(String name) {
        return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray());
    }

    private static Topic<String, byte[]> json(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
    }
}
