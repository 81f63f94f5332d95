package io.statusflow.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic: its name and the serdes of its keys and values as they are on the wire. Immutable;
 * {@link Topics} holds the worker's, and the topology, the launcher and the tests all take them
 * from there.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The same kind of topic under another name. */
    public Topic<K, V> named(String other) {
        return new Topic<>(other, keySerde, valueSerde);
    }

    @Override
    public String toString() {
        return name;
    }
}
