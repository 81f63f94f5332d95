package io.statusflow.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * A JVM's stop-the-world collections as they happen, each with its wall-clock start, from the JVM's own GC
 * notifications: the totals of {@link WorkerJmx#gcPauses()} say how much, these say when, so that a latency tail can be
 * laid beside them. Concurrent cycles, which do not stop the application, are left out.
 */
final class GcPauses implements NotificationListener, AutoCloseable {

    /** One pause: its start in epoch milliseconds and its length in milliseconds. */
    record Pause(long startMillis, long millis) {
        long endMillis() {
            return startMillis + millis;
        }
    }

    /** The JVM's start, epoch milliseconds: GC notifications time a pause from it. */
    private final long jvmStart;
    private final List<Pause> pauses = new ArrayList<>();
    /** Stops the notifications. */
    private Runnable unsubscribe = () -> {};

    private GcPauses(long jvmStart) {
        this.jvmStart = jvmStart;
    }

    /** This JVM's pauses (in the benchmark: the broker's, the load's and the readers'), from now on. */
    static GcPauses local() {
        GcPauses log = new GcPauses(ManagementFactory.getRuntimeMXBean().getStartTime());
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(log, null, null);
                emitters.add(emitter);
            }
        }
        log.unsubscribe = () -> emitters.forEach(e -> {
            try {
                e.removeNotificationListener(log);
            } catch (javax.management.ListenerNotFoundException gone) {
                // Not subscribed: nothing to stop.
            }
        });
        return log;
    }

    /** The pauses of the JVM behind {@code server}, from now on. */
    static GcPauses remote(MBeanServerConnection server) throws Exception {
        long start = ((Number) server.getAttribute(new ObjectName("java.lang:type=Runtime"), "StartTime")).longValue();
        GcPauses log = new GcPauses(start);
        for (ObjectName n : server.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            server.addNotificationListener(n, log, null, null);
        }
        return log;
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (WorkerJmx.concurrent(info.getGcName())) {
            return;
        }
        add(new Pause(jvmStart + info.getGcInfo().getStartTime(), info.getGcInfo().getDuration()));
    }

    /** Stops listening; a remote JVM's notifications stop with its connection. */
    @Override
    public void close() {
        unsubscribe.run();
    }

    synchronized void add(Pause p) {
        pauses.add(p);
    }

    /** The pauses so far that overlap [{@code fromMillis}, {@code toMillis}] (epoch milliseconds). */
    synchronized List<Pause> between(long fromMillis, long toMillis) {
        return pauses.stream().filter(p -> p.endMillis() >= fromMillis && p.startMillis() <= toMillis).toList();
    }

    /** The longest of {@code pauses}, 0 for none. */
    static long longest(List<Pause> pauses) {
        return pauses.stream().mapToLong(Pause::millis).max().orElse(0);
    }
}
