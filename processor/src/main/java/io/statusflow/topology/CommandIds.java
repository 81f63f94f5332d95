package io.statusflow.topology;

import io.statusflow.schema.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first answer to each command, by (tenant, commandId), for the idempotency window.
 *
 * <p>The store key is {@code <length of the record key>:<record key><commandId>}: the length
 * says where the record key ends, so no two pairs share a key, whatever characters either holds.
 * Builds before this one keyed {@code <record key>/<commandId>}, which two pairs could share
 * ({@code acme/s3} + {@code t1} and {@code acme} + {@code s3/t1}). Their entries are still read
 * for one window after a task first sees the new format, and only when the stored answer's
 * commandId is the one asked for: given the commandId, the old key names one record key, so the
 * match is exact. Older entries are purged as before.
 */
final class CommandIds {

    /** Marker in {@code purge-cursors}: until when (epoch ms) entries of the old format may still be read. */
    static final String LEGACY_UNTIL = "command-ids-legacy-until";

    private final KeyValueStore<String, CommandResult> store;
    private final KeyValueStore<String, String> markers;
    private final Duration window;
    /** Read from {@link #markers} once per task; null until then. */
    private Long legacyUntil;

    CommandIds(KeyValueStore<String, CommandResult> store, KeyValueStore<String, String> markers, Duration window) {
        this.store = store;
        this.markers = markers;
        this.window = window;
    }

    static String key(String recordKey, String commandId) {
        return recordKey.length() + ":" + recordKey + commandId;
    }

    static String legacyKey(String recordKey, String commandId) {
        return recordKey + "/" + commandId;
    }

    /** The first answer to this command, unless it is older than the window (and not yet purged). */
    Optional<CommandResult> first(String recordKey, String commandId, Instant now) {
        CommandResult first = store.get(key(recordKey, commandId));
        if (first == null && legacyUntil != null && now.toEpochMilli() < legacyUntil) {
            CommandResult legacy = store.get(legacyKey(recordKey, commandId));
            first = legacy != null && commandId.equals(legacy.getCommandId()) ? legacy : null;
        }
        Instant from = now.minus(window);
        return first != null && first.getProcessedAt().isAfter(from) ? Optional.of(first) : Optional.empty();
    }

    void put(String recordKey, String commandId, CommandResult result) {
        store.put(key(recordKey, commandId), result);
    }

    /**
     * Reads the marker, or writes it when the task has none: a task that finds answers in its store
     * and no marker may hold entries of the old format, which are read for one more window. An empty
     * store, or a marker in the past, reads none. Called before each command, as a write of its own.
     */
    void open(Instant now) {
        if (legacyUntil == null) {
            String marker = markers.get(LEGACY_UNTIL);
            if (marker != null) {
                legacyUntil = Long.parseLong(marker);
            } else {
                boolean empty;
                try (var it = store.all()) {
                    empty = !it.hasNext();
                }
                legacyUntil = empty ? 0L : now.plus(window).toEpochMilli();
                markers.put(LEGACY_UNTIL, Long.toString(legacyUntil));
            }
        }
    }
}
