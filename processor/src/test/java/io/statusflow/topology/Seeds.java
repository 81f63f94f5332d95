package io.statusflow.topology;

import java.util.function.LongConsumer;

/**
 * Runs a property over consecutive seeds from a random base, or over one seed given as
 * {@code -Dstatusflow.seed=N}; a failure names the seed that replays it.
 */
public final class Seeds {

    private Seeds() {}

    /** @return how many runs were made */
    public static int run(int runs, LongConsumer property) {
        long base = Long.getLong("statusflow.seed", System.nanoTime());
        int n = Long.getLong("statusflow.seed") != null ? 1 : runs;
        for (int run = 0; run < n; run++) {
            long seed = base + run;
            try {
                property.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed; replay with -Dstatusflow.seed=" + seed + ": " + e.getMessage(), e);
            }
        }
        return n;
    }
}
