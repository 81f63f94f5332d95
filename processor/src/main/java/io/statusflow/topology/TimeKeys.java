package io.statusflow.topology;

/**
 * Store keys that start with a time, so that a range scan from the start finds everything older
 * than a cut-off. Plain key-value stores are used rather than window stores because Kafka Streams
 * 4.3 keeps changelog offsets inside key-value stores but not inside segmented ones, which under
 * exactly-once makes every restart wipe and restore the whole task.
 */
final class TimeKeys {

    private static final int WIDTH = 15;

    private TimeKeys() {}

    /** Fixed width, so that string order is time order. */
    static String prefix(long epochMs) {
        String digits = Long.toString(epochMs);
        return "0".repeat(Math.max(0, WIDTH - digits.length())) + digits + "/";
    }

    static String key(long epochMs, String rest) {
        return prefix(epochMs) + rest;
    }

    static long time(String key) {
        return Long.parseLong(key.substring(0, 15));
    }

    static String rest(String key) {
        return key.substring(16);
    }
}
