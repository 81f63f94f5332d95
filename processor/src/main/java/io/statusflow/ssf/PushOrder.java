package io.statusflow.ssf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a push stream's waiting SETs go out now (docs/shared-signals.md, Delivery): oldest
 * first, up to the free places, each only when no earlier SET of its subject still waits or is
 * unanswered. A tenant's
 * SETs and its members' keep their order too, since a tenant subject covers its members. A stream's
 * own SETs (verification, stream-updated) wait for everything before them and hold everything after.
 */
public final class PushOrder {

    /**
     * How far past the oldest SET one choice looks. A subject whose SET is stuck costs a look at each
     * of its later SETs per choice; this bounds the cost of a stream full of them.
     */
    public static final int LOOK_AHEAD = 10_000;

    private PushOrder() {}

    /**
     * @param waiting the stream's SETs not done, oldest first
     * @param unanswered the jtis sent and not answered yet, or waiting to be sent again
     * @param free how many more may be in flight
     */
    public static List<StreamQueue.Entry> next(Iterable<StreamQueue.Entry> waiting, Set<String> unanswered, int free) {
        List<StreamQueue.Entry> out = new ArrayList<>(Math.max(0, Math.min(free, 16)));
        // Subjects with an earlier SET not done, and tenants with an earlier member SET not done.
        Set<String> busy = new HashSet<>();
        Set<String> busyMembersOf = new HashSet<>();
        int looked = 0;
        for (StreamQueue.Entry e : waiting) {
            if (out.size() >= free || looked++ >= LOOK_AHEAD) {
                break;
            }
            Queued q = e.set();
            Optional<Subject> s = q.txn().isPresent() ? Subject.of(q.event().subject()) : Optional.empty();
            if (s.isEmpty()) {
                if (looked == 1 && !unanswered.contains(q.jti())) {
                    out.add(e);
                }
                break;
            }
            Subject subject = s.get();
            boolean blocked = busy.contains(subject.key());
            if (subject instanceof Subject.Tenant t) {
                blocked |= busyMembersOf.contains(t.id());
            } else if (q.tenantId().isPresent()) {
                blocked |= busy.contains(new Subject.Tenant(q.tenantId().get()).key());
                busyMembersOf.add(q.tenantId().get());
            }
            if (!blocked && !unanswered.contains(q.jti())) {
                out.add(e);
            }
            busy.add(subject.key());
        }
        return out;
    }
}
