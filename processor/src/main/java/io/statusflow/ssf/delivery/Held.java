package io.statusflow.ssf.delivery;

import io.statusflow.ssf.StreamQueue;
import io.statusflow.ssf.StreamRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One stream's queue, its lane when it pushes, and the polls waiting for SETs; guarded by the queue's monitor. */
final class Held {
    final StreamQueue queue;
    StreamRecord record;
    PushLane lane;
    final List<CompletableFuture<Void>> waiting = new ArrayList<>();

    Held(StreamQueue queue, StreamRecord record) {
        this.queue = queue;
        this.record = record;
    }

    /** Completes the waiting polls; called outside the monitor after {@link #takeWaiting}. */
    static void wake(List<CompletableFuture<Void>> polls) {
        polls.forEach(w -> w.complete(null));
    }

    List<CompletableFuture<Void>> takeWaiting() {
        List<CompletableFuture<Void>> out = List.copyOf(waiting);
        waiting.clear();
        return out;
    }
}
