package io.statusflow.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Latency samples in nanoseconds, and their percentiles. Not thread-safe: one reader adds. */
final class Latencies {

    private static final byte[] COMMAND_ID = "\"commandId\":\"".getBytes(StandardCharsets.UTF_8);

    private long[] samples = new long[1 << 16];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int count() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The q-quantile (0 to 1) in milliseconds, nearest rank. */
    double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }

    String summary() {
        return String.format("p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms (%,d samples)", millis(0.5), millis(0.99),
                millis(0.999), millis(1.0), size);
    }

    /** The commandId of an event or result, read without parsing the whole JSON. */
    static String commandId(byte[] json) {
        int at = indexOf(json, COMMAND_ID);
        if (at < 0) {
            return null;
        }
        int start = at + COMMAND_ID.length;
        int end = start;
        while (end < json.length && json[end] != '"') {
            end++;
        }
        return new String(json, start, end - start, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
