package io.statusflow.domain;

import io.statusflow.schema.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the domain decided for one command record: the answer, and every state write that goes
 * with it. A refusal is a decision too, never an exception. Each kind says what the worker must
 * publish, so the worker never works it out again from the writes.
 */
public sealed interface Decision {

    /** The answer to publish on the results topic. */
    Result result();

    /** The state writes, in order; the answer itself is among them when it is to be remembered. */
    List<Change> writes();

    /** This decision, with its answer kept for the idempotency window under the record's key. */
    Decision remembered(String recordKey);

    /**
     * Something changed: {@code snapshot} is the entity's new current status (a deleted marker
     * publishes a tombstone), {@code event} the change of status, access or validUntil (empty
     * when only who disabled it changed), and {@code cascade} the first step of the cascade over its
     * tenant's members, when the target is a tenant whose access changed: its writes and records go
     * with the command's, after them.
     */
    record Applied(Result result, Entity snapshot, Optional<Event> event, Optional<Step> cascade,
            List<Change> writes) implements Decision {
        public Applied {
            writes = List.copyOf(writes);
        }

        @Override
        public Decision remembered(String recordKey) {
            return new Applied(result, snapshot, event, cascade, plus(writes, new Change.Remember(recordKey, result)));
        }
    }

    /** The entity already was so: nothing is published but the answer. */
    record Unchanged(Result result, List<Change> writes) implements Decision {
        public Unchanged {
            writes = List.copyOf(writes);
        }

        @Override
        public Decision remembered(String recordKey) {
            return new Unchanged(result, plus(writes, new Change.Remember(recordKey, result)));
        }
    }

    /** Refused with {@code verdict}; the only writes are what counting the command needs. */
    record Rejected(Verdict verdict, Result result, List<Change> writes) implements Decision {
        public Rejected {
            writes = List.copyOf(writes);
        }

        @Override
        public Decision remembered(String recordKey) {
            return new Rejected(verdict, result, plus(writes, new Change.Remember(recordKey, result)));
        }
    }

    /** The command was answered before, within the idempotency window: that answer again, changing nothing. */
    record Repeated(Result result) implements Decision {
        @Override
        public List<Change> writes() {
            return List.of();
        }

        @Override
        public Decision remembered(String recordKey) {
            return this;
        }
    }

    /** The parts of a command every answer to it repeats, and the clock it is decided at. */
    record Asked(String commandId, Result.Echo echo, Instant now) {

        Applied applied(String message, Entity snapshot, Optional<Event> event, Optional<Step> cascade,
                List<Change> writes) {
            return new Applied(result(Outcome.applied, 200, Optional.empty(), message, Optional.empty(), Optional.of(snapshot)),
                    snapshot, event, cascade, writes);
        }

        Unchanged unchanged(String message, Entity entity, List<Change> writes) {
            return new Unchanged(result(Outcome.unchanged, 200, Optional.empty(), message, Optional.empty(), Optional.of(entity)), writes);
        }

        Rejected rejected(Verdict verdict, String message, Optional<Entity> entity, List<Change> writes) {
            return rejected(verdict, Optional.empty(), message, entity, writes);
        }

        /** A rejection about one command field; the message starts with its name. */
        Rejected rejected(Verdict verdict, Optional<String> field, String message, Optional<Entity> entity,
                List<Change> writes) {
            return new Rejected(verdict, result(Outcome.rejected, verdict.code(), Optional.of(verdict.error()), message,
                    field, entity), writes);
        }

        private Result result(Outcome outcome, int code, Optional<String> error, String message,
                Optional<String> field, Optional<Entity> entity) {
            return new Result(commandId, echo, outcome, code, error, message, field, entity, false, now);
        }
    }

    private static List<Change> plus(List<Change> writes, Change change) {
        List<Change> all = new ArrayList<>(writes.size() + 1);
        all.addAll(writes);
        all.add(change);
        return all;
    }
}
