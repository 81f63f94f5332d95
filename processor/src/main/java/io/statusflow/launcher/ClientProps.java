package io.statusflow.launcher;

import java.util.Properties;
import java.util.Set;

/** Picks from the worker's properties what a plain Kafka client knows, so it does not warn about the rest. */
final class ClientProps {

    private ClientProps() {}

    static Properties only(Properties all, Set<String> known) {
        Properties p = new Properties();
        all.stringPropertyNames().stream()
                .filter(k -> known.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl."))
                .forEach(k -> p.setProperty(k, all.getProperty(k)));
        return p;
    }
}
