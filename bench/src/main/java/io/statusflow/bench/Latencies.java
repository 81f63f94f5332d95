package io.statusflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latency samples in nanoseconds, and their percentiles. Not thread-safe: one reader adds. */
final class Latencies {

    private static final byte[] COMMAND_ID = "\"commandId\":\"".getBytes(StandardCharsets.UTF_8);

    private long[] samples = new long[1 << 16];
    private long[] arrivals = new long[1 << 16];
    private long[] stamps = new long[1 << 16];
    private int size;

    void add(long nanos) {
        add(0, nanos, 0);
    }

    /**
     * A sample that arrived at {@code arrival} ({@link System#nanoTime()}), on a record stamped {@code stamp} (epoch
     * milliseconds; statusflow stamps its outputs with its stream thread's clock when it processed the command).
     */
    void add(long arrival, long nanos, long stamp) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
            arrivals = Arrays.copyOf(arrivals, size * 2);
            stamps = Arrays.copyOf(stamps, size * 2);
        }
        arrivals[size] = arrival;
        stamps[size] = stamp;
        samples[size++] = nanos;
    }

    /**
     * Writes every sample as a CSV line: when it arrived, in milliseconds since {@code origin} and as wall-clock
     * epoch milliseconds; its latency in milliseconds; and of that latency, how long before the record's stamp (for
     * statusflow's outputs: sent to processed) and after it (processed to read), so that a tail can be split and laid
     * beside a GC log or a profile.
     */
    void write(Path file, long origin) throws IOException {
        double epochOffset = epochOffsetMillis();
        StringBuilder b = new StringBuilder("since_start_ms,epoch_ms,latency_ms,before_stamp_ms,after_stamp_ms\n");
        for (int i = 0; i < size; i++) {
            double arrival = arrivals[i] / 1e6 + epochOffset;
            double sent = arrival - samples[i] / 1e6;
            b.append(String.format("%.1f,%.0f,%.2f,%.0f,%.0f%n", (arrivals[i] - origin) / 1e6, arrival, samples[i] / 1e6,
                    stamps[i] - sent, arrival - stamps[i]));
        }
        Files.writeString(file, b);
    }

    /**
     * The samples over {@code overMillis}: how many; the medians of their time before their output's stamp (sent to
     * processed) and after it (processed to read); and how many were in flight during a pause of at least
     * {@code pauseMillis} of the worker and of this JVM. {@code epochOffsetMillis} turns {@link System#nanoTime()} in
     * milliseconds into epoch milliseconds.
     */
    Tail tail(double overMillis, double epochOffsetMillis, List<GcPauses.Pause> worker, List<GcPauses.Pause> local,
            long pauseMillis) {
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        int inWorker = 0;
        int inLocal = 0;
        for (int i = 0; i < size; i++) {
            if (samples[i] / 1e6 <= overMillis) {
                continue;
            }
            double arrival = arrivals[i] / 1e6 + epochOffsetMillis;
            double sent = arrival - samples[i] / 1e6;
            before.add(stamps[i] - sent);
            after.add(arrival - stamps[i]);
            inWorker += during(worker, sent, arrival, pauseMillis) ? 1 : 0;
            inLocal += during(local, sent, arrival, pauseMillis) ? 1 : 0;
        }
        if (before.isEmpty()) {
            return new Tail(0, overMillis, 0, 0, pauseMillis, 0, 0);
        }
        return new Tail(before.size(), overMillis, BaselineSection.median(before), BaselineSection.median(after), pauseMillis,
                inWorker, inLocal);
    }

    /** The same, for the samples as they are now. */
    Tail tail(double overMillis, List<GcPauses.Pause> worker, List<GcPauses.Pause> local, long pauseMillis) {
        return tail(overMillis, epochOffsetMillis(), worker, local, pauseMillis);
    }

    /** What turns {@link System#nanoTime()} in milliseconds into epoch milliseconds, now. */
    private static double epochOffsetMillis() {
        return System.currentTimeMillis() - System.nanoTime() / 1e6;
    }

    private static boolean during(List<GcPauses.Pause> pauses, double from, double to, long atLeast) {
        return pauses.stream().anyMatch(p -> p.millis() >= atLeast && p.endMillis() >= from && p.startMillis() <= to);
    }

    /** See {@link #tail}. */
    record Tail(int count, double overMillis, double beforeStampMillis, double afterStampMillis, long pauseMillis,
            int duringWorkerPause, int duringLocalPause) {
        /** One line for the table. */
        String line() {
            if (count == 0) {
                return String.format("no sample over %.0f ms", overMillis);
            }
            return String.format("%,d samples over %.0f ms: median %.0f ms from send to processed, %.0f ms from processed to"
                    + " read; %,d in flight during a pause of %d ms or more of the worker, %,d of this JVM (broker, load,"
                    + " reader)", count, overMillis, beforeStampMillis, afterStampMillis, duringWorkerPause, pauseMillis,
                    duringLocalPause);
        }
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
