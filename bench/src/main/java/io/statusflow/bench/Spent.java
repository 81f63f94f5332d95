package io.statusflow.bench;

import java.util.List;

/**
 * What a worker and this JVM (the broker, the load, the readers) had spent at one moment: their stop-the-world
 * collections ({count, milliseconds}), and Linux's scheduler time ({on a core, runnable but waiting for one}, in
 * nanoseconds) of the worker's stream threads, of every worker thread and of this JVM. Two of them describe the time
 * between.
 */
record Spent(long nanos, long[] workerGc, long[] localGc, long[] stream, long[] worker, long[] self) {

    static Spent now(WorkerJmx probe, long pid, List<Long> streamThreads) throws Exception {
        return new Spent(System.nanoTime(), probe.gcPauses(), WorkerJmx.localGcPauses(),
                ProcessStats.scheduled(pid, streamThreads), ProcessStats.scheduled(pid, null),
                ProcessStats.scheduled(ProcessHandle.current().pid(), null));
    }

    /** The collections since {@code before}, as one line for the table. */
    String pausesSince(Spent before) {
        double millis = (nanos - before.nanos) / 1e6;
        long workerMs = workerGc[1] - before.workerGc[1];
        long localMs = localGc[1] - before.localGc[1];
        return String.format("worker GC: %d pauses, %d ms (%.1f%% of the time); this JVM's GC (broker, load, reader): %d pauses,"
                + " %d ms (%.1f%%)", workerGc[0] - before.workerGc[0], workerMs, 100 * workerMs / millis,
                localGc[0] - before.localGc[0], localMs, 100 * localMs / millis);
    }

    /** How the cores were shared since {@code before}, as one line for the table; {@code threads}: stream threads. */
    String coresSince(Spent before, int threads) {
        double ns = nanos - before.nanos;
        int n = Math.max(1, threads);
        return String.format("the %d stream threads on a core %.0f%% of the time, runnable but waiting for one %.1f%%;"
                + " every worker thread: %.2f cores busy, %.2f waiting; this JVM (broker, load, reader): %.2f busy,"
                + " %.2f waiting (Linux schedstat, summed over threads)", threads,
                100 * (stream[0] - before.stream[0]) / ns / n, 100 * (stream[1] - before.stream[1]) / ns / n,
                (worker[0] - before.worker[0]) / ns, (worker[1] - before.worker[1]) / ns,
                (self[0] - before.self[0]) / ns, (self[1] - before.self[1]) / ns);
    }
}
