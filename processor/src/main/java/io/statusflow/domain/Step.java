package io.statusflow.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step of work that no command asked for (a cascade, an expiry) decided: the state writes
 * and what to publish, applied together.
 *
 * @param looked how many entities it looked at, so that a caller can bound its work
 */
public record Step(List<Change> writes, List<Published> published, int looked) {

    public static final Step NONE = new Step(List.of(), List.of(), 0);

    public Step {
        writes = List.copyOf(writes);
        published = List.copyOf(published);
    }

    /** This step, then {@code next}. */
    public Step then(Step next) {
        if (next.equals(NONE)) {
            return this;
        }
        List<Change> w = new ArrayList<>(writes);
        w.addAll(next.writes);
        List<Published> p = new ArrayList<>(published);
        p.addAll(next.published);
        return new Step(w, p, looked + next.looked);
    }

    public boolean isEmpty() {
        return writes.isEmpty() && published.isEmpty();
    }
}
