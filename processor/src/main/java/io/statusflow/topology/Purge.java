package io.statusflow.topology;

import io.statusflow.schema.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets command ids older than the idempotency window and rate windows that have ended, in
 * bounded steps so that a backlog never blocks the stream thread for long.
 *
 * <p>Command ids are swept, not indexed: each run reads the next stretch of {@code command-ids} in
 * key order from where the last run stopped (the cursor is kept in {@code purge-cursors}, so a
 * restart or a move to another instance continues the pass) and deletes the ids answered before
 * the window. Each run reads enough that a whole pass takes at most half the window (by the
 * store's estimate of its size, up to {@link #MAX_SWEEP}), so an id is forgotten between one and
 * one and a half windows after its answer. A time-ordered index would cost a store write and a
 * changelog record for every command, and a read and two deletes more at its expiry; the sweep
 * costs about two reads of each id over its life in a large store, and {@link #MIN_SWEEP} reads
 * a second in a small one.
 */
final class Purge {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Fewest command ids read per run, so that a small store is still swept in minutes. */
    static final int MIN_SWEEP = 100;
    /** Most command ids read per run, and most rate windows deleted: a few tens of milliseconds. */
    static final int MAX_SWEEP = 50_000;
    static final String COMMAND_IDS_CURSOR = "command-ids";

    private final KeyValueStore<String, CommandResult> commandIds;
    private final KeyValueStore<String, String> cursors;
    private final KeyValueStore<String, Long> rates;
    private final Duration idempotencyWindow;
    private final Duration rateWindow;

    Purge(KeyValueStore<String, CommandResult> commandIds, KeyValueStore<String, String> cursors,
            KeyValueStore<String, Long> rates, Duration idempotencyWindow, Duration rateWindow) {
        this.commandIds = commandIds;
        this.cursors = cursors;
        this.rates = rates;
        this.idempotencyWindow = idempotencyWindow;
        this.rateWindow = rateWindow;
    }

    void run(long nowMs) {
        sweepCommandIds(nowMs - idempotencyWindow.toMillis());
        long windowMs = rateWindow.toMillis();
        long currentWindow = nowMs - Math.floorMod(nowMs, windowMs);
        for (String key : olderThan(rates, currentWindow - 1)) {
            rates.delete(key);
        }
    }

    /** Ids to read in one run so that a pass over {@code entries} ids takes at most half the window. */
    static long sweepSize(long entries, Duration interval, Duration window) {
        long runsPerPass = Math.max(1, window.toMillis() / 2 / Math.max(1, interval.toMillis()));
        long size = (entries + runsPerPass - 1) / runsPerPass;
        return Math.min(MAX_SWEEP, Math.max(MIN_SWEEP, size));
    }

    private void sweepCommandIds(long cutoffMs) {
        long budget = sweepSize(commandIds.approximateNumEntries(), INTERVAL, idempotencyWindow);
        String from = cursors.get(COMMAND_IDS_CURSOR);
        List<String> expired = new ArrayList<>();
        String last = null;
        long read = 0;
        try (KeyValueIterator<String, CommandResult> it = commandIds.range(from, null)) {
            while (read < budget && it.hasNext()) {
                KeyValue<String, CommandResult> kv = it.next();
                read++;
                if (kv.key.equals(from)) {
                    continue; // the cursor is the last id the previous run read
                }
                last = kv.key;
                if (kv.value.getProcessedAt().toEpochMilli() <= cutoffMs) {
                    expired.add(kv.key);
                }
            }
            // At the end of the store the next run starts a new pass from the beginning.
            if (!it.hasNext()) {
                last = null;
            }
        }
        for (String key : expired) {
            commandIds.delete(key);
        }
        if (last != null) {
            cursors.put(COMMAND_IDS_CURSOR, last);
        } else if (from != null) {
            cursors.delete(COMMAND_IDS_CURSOR);
        }
    }

    /** Keys whose time is at most {@code cutoff}, oldest first, at most {@link #MAX_SWEEP}. */
    private static List<String> olderThan(KeyValueStore<String, ?> store, long cutoff) {
        if (cutoff < 0) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.range(null, TimeKeys.prefix(cutoff + 1))) {
            while (it.hasNext() && keys.size() < MAX_SWEEP) {
                KeyValue<String, ?> kv = it.next();
                keys.add(kv.key);
            }
        }
        return keys;
    }
}
