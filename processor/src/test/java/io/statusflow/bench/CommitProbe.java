package io.statusflow.bench;

import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the commit metrics of a worker's stream threads and their producers over JMX (Kafka
 * registers them there by default), by attaching to the worker's JVM: what a commit costs, from
 * inside, without the HTTP API and its result reader running in the measured process.
 */
final class CommitProbe implements AutoCloseable {

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

    CommitProbe(long pid) throws Exception {
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
     * The thread-level metrics of the stream threads. Kafka Streams registers each thread twice,
     * with and without a process-id tag; the ones without it are counted.
     */
    private java.util.List<ObjectName> streamThreads() throws Exception {
        return server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null).stream()
                .filter(n -> n.getKeyProperty("process-id") == null).toList();
    }

    private double number(ObjectName name, String attribute) throws Exception {
        try {
            Object v = server.getAttribute(name, attribute);
            return v instanceof Number num && !Double.isNaN(num.doubleValue()) ? num.doubleValue() : 0;
        } catch (javax.management.AttributeNotFoundException e) {
            return 0;
        }
    }

    /** Closes the connection; the worker may already have stopped, which is not an error here. */
    @Override
    public void close() {
        try {
            connector.close();
        } catch (java.io.IOException e) {
            // Nothing to release on the other side any more.
        }
    }
}
