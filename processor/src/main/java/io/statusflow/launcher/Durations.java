package io.statusflow.launcher;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as operators write them: 7d, 12h, 30m, 10s, 500ms, or ISO-8601 (PT30S). */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    static Duration parse(String text) {
        String t = text.strip();
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(text, e);
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    /** The short form {@link #parse} reads back: the largest unit that divides it (7d, 10s, 10ms). */
    static String format(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
