package io.statusflow.topology;

import io.statusflow.schema.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets command ids older than the idempotency window and rate windows that have ended, a
 * bounded number per run so that a backlog never blocks the stream thread for long.
 */
final class Expiry {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final int MAX_PER_RUN = 10_000;

    private final KeyValueStore<String, CommandResult> commandIds;
    private final KeyValueStore<String, String> commandExpiry;
    private final KeyValueStore<String, Long> rates;
    private final Duration idempotencyWindow;
    private final Duration rateWindow;

    Expiry(KeyValueStore<String, CommandResult> commandIds, KeyValueStore<String, String> commandExpiry,
            KeyValueStore<String, Long> rates, Duration idempotencyWindow, Duration rateWindow) {
        this.commandIds = commandIds;
        this.commandExpiry = commandExpiry;
        this.rates = rates;
        this.idempotencyWindow = idempotencyWindow;
        this.rateWindow = rateWindow;
    }

    void run(long nowMs) {
        long cutoff = nowMs - idempotencyWindow.toMillis();
        for (String key : olderThan(commandExpiry, cutoff)) {
            commandExpiry.delete(key);
            String idKey = TimeKeys.rest(key);
            CommandResult result = commandIds.get(idKey);
            // A command id answered again after it expired has a newer entry; keep that one.
            if (result != null && result.getProcessedAt().toEpochMilli() <= cutoff) {
                commandIds.delete(idKey);
            }
        }
        long windowMs = rateWindow.toMillis();
        long currentWindow = nowMs - Math.floorMod(nowMs, windowMs);
        for (String key : olderThan(rates, currentWindow - 1)) {
            rates.delete(key);
        }
    }

    /** Keys whose time is at most {@code cutoff}, oldest first, at most {@link #MAX_PER_RUN}. */
    private static List<String> olderThan(KeyValueStore<String, ?> store, long cutoff) {
        if (cutoff < 0) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.range(null, TimeKeys.prefix(cutoff + 1))) {
            while (it.hasNext() && keys.size() < MAX_PER_RUN) {
                KeyValue<String, ?> kv = it.next();
                keys.add(kv.key);
            }
        }
        return keys;
    }
}
