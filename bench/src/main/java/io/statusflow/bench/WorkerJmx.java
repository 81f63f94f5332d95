package io.statusflow.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a worker's own metrics over JMX (Kafka registers them there by default), by attaching to
 * its JVM, so that no HTTP API or reader runs in the measured process: what a commit costs, and how
 * far its standby replicas are behind their changelogs.
 */
final class WorkerJmx implements AutoCloseable {

    /** Totals over every stream thread of the worker at one moment. */
    record Totals(long nanos, double commits, double sendOffsetsNanos, double endTxnNanos, int threads) {

        /** What happened between {@code before} and this, as one line for the table's notes. */
        String since(Totals before, double commitMillis) {
            double seconds = (nanos - before.nanos) / 1e9;
            double n = commits - before.commits;
            if (n <= 0 || threads == 0) {
                return "no commits";
            }
            String line = String.format("%d stream threads, %.1f commits/s each, %.1f ms per commit", threads,
                    n / threads / seconds, commitMillis);
            if (sendOffsetsNanos > before.sendOffsetsNanos) {
                line += String.format(" (of which %.1f ms sending offsets into the transaction, %.1f ms ending it)",
                        (sendOffsetsNanos - before.sendOffsetsNanos) / n / 1e6, (endTxnNanos - before.endTxnNanos) / n / 1e6);
            }
            return line;
        }
    }

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    WorkerJmx(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        this.connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        this.server = connector.getMBeanServerConnection();
    }

    /** Attaches to a JVM that may still be starting: retries until {@code timeout}. */
    static WorkerJmx attach(long pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return new WorkerJmx(pid);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the JVM's attach listener is not up yet
            }
        }
    }

    Totals read() throws Exception {
        double commits = 0;
        int threads = 0;
        for (ObjectName n : streamThreads()) {
            commits += number(n, "commit-total");
            threads++;
        }
        double sendOffsets = 0;
        double endTxn = 0;
        for (ObjectName n : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            sendOffsets += number(n, "txn-send-offsets-time-ns-total");
            endTxn += number(n, "txn-commit-time-ns-total");
        }
        return new Totals(System.nanoTime(), commits, sendOffsets, endTxn, threads);
    }

    /** A per-thread metric over Kafka's recent sample window (about the last minute), averaged over the threads. */
    double recent(String attribute) throws Exception {
        double sum = 0;
        int threads = 0;
        for (ObjectName n : streamThreads()) {
            sum += number(n, attribute);
            threads++;
        }
        return threads == 0 ? Double.NaN : sum / threads;
    }

    /**
     * The standby replicas of the worker: how many standby tasks its state updaters keep, and the
     * changelog records their restore consumers have read so far (active tasks' restores included)
     * and still have to read.
     */
    record Standbys(int tasks, double recordsRead, double lag, boolean lagKnown) {
        /** Some standby changelog partition has reported its lag, and none is behind by more than {@code records}. */
        boolean within(long records) {
            return lagKnown && lag <= records;
        }
    }

    Standbys standbys() throws Exception {
        Map<String, Double> tasks = new HashMap<>();
        for (ObjectName n : server.queryNames(new ObjectName("kafka.streams:type=stream-state-updater-metrics,*"), null)) {
            tasks.put(n.getKeyProperty("thread-id"), number(n, "standby-updating-tasks"));
        }
        double read = 0;
        double lag = 0;
        boolean known = true;
        int partitions = 0;
        for (ObjectName n : server.queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), null)) {
            String client = n.getKeyProperty("client-id");
            if (client == null || !client.endsWith("restore-consumer")) {
                continue;
            }
            if (n.getKeyProperty("partition") != null) {
                // A partition's lag is registered with its first fetched records: an empty changelog never has one.
                Object v;
                try {
                    v = server.getAttribute(n, "records-lag");
                } catch (AttributeNotFoundException e) {
                    continue;
                }
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    lag = Math.max(lag, num.doubleValue());
                } else {
                    known = false;
                }
                partitions++;
            } else if (n.getKeyProperty("topic") == null) {
                read += number(n, "records-consumed-total");
            }
        }
        int standbyTasks = (int) tasks.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Standbys(standbyTasks, read, lag, known && partitions > 0);
    }

    /**
     * The thread-level metrics of the stream threads. Kafka Streams registers each thread twice,
     * with and without a process-id tag; the ones without it are counted.
     */
    private List<ObjectName> streamThreads() throws Exception {
        return server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null).stream()
                .filter(n -> n.getKeyProperty("process-id") == null).toList();
    }

    private double number(ObjectName name, String attribute) throws Exception {
        try {
            Object v = server.getAttribute(name, attribute);
            return v instanceof Number num && !Double.isNaN(num.doubleValue()) ? num.doubleValue() : 0;
        } catch (AttributeNotFoundException e) {
            return 0;
        }
    }

    /** The longest value of a per-thread metric over Kafka's recent sample window, over the stream threads. */
    double recentMax(String attribute) throws Exception {
        double max = Double.NaN;
        for (ObjectName n : streamThreads()) {
            double v = number(n, attribute);
            max = Double.isNaN(max) ? v : Math.max(max, v);
        }
        return max;
    }

    /**
     * The worker's stop-the-world collections so far: {count, milliseconds}. Concurrent cycles, which do not stop the
     * application, are left out (G1's "G1 Concurrent GC", ZGC's and Shenandoah's "... Cycles").
     */
    long[] gcPauses() throws Exception {
        long count = 0;
        long millis = 0;
        for (ObjectName n : server.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            if (concurrent(n.getKeyProperty("name"))) {
                continue;
            }
            count += ((Number) server.getAttribute(n, "CollectionCount")).longValue();
            millis += ((Number) server.getAttribute(n, "CollectionTime")).longValue();
        }
        return new long[] {count, millis};
    }

    /** The same count for this JVM (in the benchmark: the embedded broker, the load and the readers). */
    static long[] localGcPauses() {
        long count = 0;
        long millis = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            if (concurrent(gc.getName())) {
                continue;
            }
            count += gc.getCollectionCount();
            millis += gc.getCollectionTime();
        }
        return new long[] {count, millis};
    }

    static boolean concurrent(String collector) {
        return collector.contains("Concurrent") || collector.contains("Cycles");
    }

    /** The worker's stop-the-world collections from now on, each with its start (its GC notifications). */
    GcPauses pauses() throws Exception {
        return GcPauses.remote(server);
    }

    /** Milliseconds the worker's JIT compilers have spent compiling since its start. */
    long compilationMillis() throws Exception {
        return ((Number) server.getAttribute(new ObjectName("java.lang:type=Compilation"), "TotalCompilationTime")).longValue();
    }

    /** Closes the connection; the worker may already have stopped, which is not an error here. */
    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // Nothing to release on the other side any more.
        }
    }
}
