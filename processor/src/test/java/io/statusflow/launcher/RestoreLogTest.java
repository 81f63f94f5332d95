package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** One line per restore, from the first partition's start to the last partition's end. */
class RestoreLogTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final RestoreLog restores = new RestoreLog(clock::get, lines::add);

    private static TopicPartition changelog(int p) {
        return new TopicPartition("app-entities-changelog", p);
    }

    @Test
    void overlapping_partitions_make_one_restore_timed_from_first_start_to_last_end() {
        restores.onRestoreStart(changelog(0), "entities", 0, 100);
        clock.set(500_000_000L);
        restores.onRestoreStart(changelog(1), "command-ids", 0, 50);
        restores.onBatchRestored(changelog(1), "command-ids", 49, 50);
        restores.onRestoreEnd(changelog(1), "command-ids", 50);
        restores.onRestoreStart(changelog(2), "entities", 0, 5);
        restores.onRestoreEnd(changelog(2), "entities", 5);
        assertEquals(List.of(), lines, "partition 0 is still restoring");
        clock.set(2_250_000_000L);
        restores.onRestoreEnd(changelog(0), "entities", 100);
        assertEquals(List.of("restored 155 changelog records into 3 store partitions in 2.3 s (command-ids 50, entities 105)"),
                lines);
    }

    @Test
    void a_later_restore_is_counted_on_its_own() {
        restores.onRestoreStart(changelog(0), "entities", 0, 10);
        restores.onRestoreEnd(changelog(0), "entities", 10);
        clock.set(10_000_000_000L);
        restores.onRestoreStart(changelog(2), "entities", 0, 7);
        clock.set(10_400_000_000L);
        restores.onRestoreSuspended(changelog(2), "entities", 3);
        assertEquals(List.of("restored 10 changelog records into 1 store partitions in 0.0 s (entities 10)",
                "restored 3 changelog records into 1 store partitions in 0.4 s (entities 3); some moved to another instance before they finished"),
                lines);
    }

    @Test
    void an_end_without_a_start_is_ignored() {
        restores.onRestoreEnd(changelog(0), "entities", 10);
        assertEquals(List.of(), lines);
    }
}
