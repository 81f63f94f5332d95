package io.statusflow.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 instants in and out, as the JDK reads and writes them, without its formatter: commands
 * carry one or two and every output record two to four, and the JDK's parser cost about a
 * microsecond a call, its {@code toString} about half of one.
 *
 * <p>{@link #parse} reads {@code 2027-01-31T23:59:59Z}, with an optional fraction of 1 to 9 digits,
 * itself; anything else (an offset, a leap second, a year beyond four digits, a malformed value)
 * goes to {@link Instant#parse}, so what is accepted, and what it means, is exactly what the JDK
 * says. {@link #format} writes what {@link Instant#toString()} writes, character for character; years
 * outside 0000 to 9999 go to the JDK.
 */
public final class Instants {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
    private static final long MIN_FAST = -62_167_219_200L;
    private static final long MAX_FAST = 253_402_300_800L;

    private Instants() {}

    /** As {@link Instant#parse}, which throws the same {@code DateTimeParseException} for invalid text. */
    static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or null when the text is not in the fast form (which does not make it invalid). */
    static Instant fast(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = readDigits(s, 0, 4);
        int month = readDigits(s, 5, 2);
        int day = readDigits(s, 8, 2);
        int hour = readDigits(s, 11, 2);
        int minute = readDigits(s, 14, 2);
        int second = readDigits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = readDigits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** As {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST || seconds >= MAX_FAST) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        char[] out = new char[30];
        int n = writeDigits(out, 0, date.getYear(), 4);
        out[n++] = '-';
        n = writeDigits(out, n, date.getMonthValue(), 2);
        out[n++] = '-';
        n = writeDigits(out, n, date.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = writeDigits(out, n, secondOfDay / 3_600, 2);
        out[n++] = ':';
        n = writeDigits(out, n, secondOfDay / 60 % 60, 2);
        out[n++] = ':';
        n = writeDigits(out, n, secondOfDay % 60, 2);
        // As ISO_INSTANT: no fraction when zero, else as many groups of three digits as needed.
        if (nanos != 0) {
            out[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = writeDigits(out, n, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                n = writeDigits(out, n, nanos / 1_000, 6);
            } else {
                n = writeDigits(out, n, nanos, 9);
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    /** The decimal value of {@code count} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int readDigits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Writes {@code value} as {@code width} digits from {@code at}; returns the index after them. */
    private static int writeDigits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
