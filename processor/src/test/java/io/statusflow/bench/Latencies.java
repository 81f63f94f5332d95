package io.statusflow.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Latency samples in nanoseconds, and their percentiles. Not thread-safe: one reader adds. */
final class Latencies {

    private static final byte[] COMMAND_ID = "\"commandId\":\"".getBytes(StandardCharsets.UTF_8);

    private long[] samples = new long[1 << 16];
    private long[] arrivals = new long[1 << 16];
    private int size;

    void add(long nanos) {
        add(0, nanos);
    }

    /** A sample that arrived at {@code arrival} ({@link System#nanoTime()}). */
    void add(long arrival, long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
            arrivals = Arrays.copyOf(arrivals, size * 2);
        }
        arrivals[size] = arrival;
        samples[size++] = nanos;
    }

    /**
     * Writes every sample as a CSV line: when it arrived, in milliseconds since {@code origin} and as wall-clock
     * epoch milliseconds, and its latency in milliseconds, so that a tail can be laid beside a GC log or a profile.
     */
    void write(java.nio.file.Path file, long origin) throws java.io.IOException {
        double epochOffset = System.currentTimeMillis() - System.nanoTime() / 1e6;
        StringBuilder b = new StringBuilder("since_start_ms,epoch_ms,latency_ms\n");
        for (int i = 0; i < size; i++) {
            b.append(String.format("%.1f,%.0f,%.2f%n", (arrivals[i] - origin) / 1e6, arrivals[i] / 1e6 + epochOffset,
                    samples[i] / 1e6));
        }
        java.nio.file.Files.writeString(file, b);
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
