package io.statusflow.launcher;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per restore: from the first changelog partition that starts restoring until the
 * last one running ends, how many records were restored into how many store partitions, in how
 * long, and how many of them per store. Kafka Streams logs each changelog partition on its own,
 * without times; an operator wants to know how long the instance was rebuilding its state.
 */
final class RestoreLog implements StateRestoreListener {

    private static final Logger log = LoggerFactory.getLogger(RestoreLog.class);

    private final LongSupplier nanoClock;
    private final Consumer<String> out;
    private int running;
    private int partitions;
    private long startedNanos;
    private boolean suspended;
    /** Records restored per store in the current restore, in the order the stores finished. */
    private final java.util.Map<String, Long> byStore = new java.util.LinkedHashMap<>();

    RestoreLog() {
        this(System::nanoTime, log::info);
    }

    RestoreLog(LongSupplier nanoClock, Consumer<String> out) {
        this.nanoClock = nanoClock;
        this.out = out;
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        if (running++ == 0) {
            startedNanos = nanoClock.getAsLong();
            partitions = 0;
            suspended = false;
            byStore.clear();
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        // Counted at the end of each partition: nothing to do per batch.
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        ended(store, totalRestored, false);
    }

    @Override
    public synchronized void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        ended(store, totalRestored, true);
    }

    private void ended(String store, long restored, boolean moved) {
        if (running == 0) {
            return;
        }
        partitions++;
        suspended |= moved;
        byStore.merge(store, restored, Long::sum);
        if (--running == 0) {
            double seconds = (nanoClock.getAsLong() - startedNanos) / 1e9;
            long records = byStore.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder stores = new StringBuilder();
            byStore.forEach((name, n) -> stores.append(stores.length() == 0 ? "" : ", ").append(name).append(' ').append(n));
            out.accept(String.format(java.util.Locale.ROOT, "restored %d changelog records into %d store partitions in %.1f s (%s)%s",
                    records, partitions, seconds, stores, suspended ? "; some moved to another instance before they finished" : ""));
        }
    }
}
