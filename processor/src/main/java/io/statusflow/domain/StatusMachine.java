package io.statusflow.domain;

import io.statusflow.schema.EntityType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place the seeds' rules live: from (state, command record, clock) to a {@link Decision}.
 * A command already answered gets its first answer again; a readable one is checked in the order
 * of docs/contract.md, "Checks and codes": 400, 401, 429, 403, 404, 409, then the change.
 */
public final class StatusMachine {

    private final Rules rules;
    private final int cascadeChunk;

    /** @param cascadeChunk how many members a tenant's cascade looks at in the step that goes with its command */
    public StatusMachine(Rules rules, int cascadeChunk) {
        this.rules = rules;
        this.cascadeChunk = cascadeChunk;
    }

    /**
     * The answer to a readable command record, remembered under its key: the first answer again if
     * its commandId was answered within the idempotency window.
     */
    public Decision answer(String recordKey, RawCommand raw, StateView state, Instant now) {
        return answer(recordKey, raw, Sender.TRUSTED, state, now);
    }

    /**
     * The answer to a readable command record from this sender. A sender not authenticated for the
     * record's tenant is answered afresh and not remembered ({@link Sender#speaksFor}).
     */
    public Decision answer(String recordKey, RawCommand raw, Sender sender, StateView state, Instant now) {
        if (!sender.speaksFor(recordKey)) {
            return decide(recordKey, raw, sender, state, now);
        }
        Optional<Result> first = state.answered(recordKey, raw.commandId(), now);
        if (first.isPresent()) {
            return new Decision.Repeated(first.get().asDuplicate());
        }
        return decide(recordKey, raw, sender, state, now).remembered(recordKey);
    }

    /**
     * The answer to a record whose commandId could be read but not its fields: a 400, remembered
     * (a repeat gets it again), or the first answer if one was given.
     */
    public static Decision unreadable(String recordKey, String commandId, String why, StateView state, Instant now) {
        return unreadable(recordKey, commandId, why, Sender.TRUSTED, state, now);
    }

    /** As {@link #unreadable(String, String, String, StateView, Instant)}; never remembered for an unauthenticated sender. */
    public static Decision unreadable(String recordKey, String commandId, String why, Sender sender, StateView state,
            Instant now) {
        if (!sender.speaksFor(recordKey)) {
            return outOfBounds(commandId, why, now);
        }
        Optional<Result> first = state.answered(recordKey, commandId, now);
        if (first.isPresent()) {
            return new Decision.Repeated(first.get().asDuplicate());
        }
        return outOfBounds(commandId, why, now).remembered(recordKey);
    }

    /**
     * The 400 answer to a record out of its bounds (or unreadable): never looked up nor remembered
     * when its key is too long to be stored.
     */
    public static Decision outOfBounds(String commandId, String why, Instant now) {
        return new Decision.Asked(commandId, Result.Echo.NONE, now)
                .rejected(Verdict.BAD_REQUEST, "unreadable command: " + why, Optional.empty(), List.of());
    }

    /**
     * The 500 answer to a command whose decision failed unexpectedly (a bug): nothing is changed,
     * and it echoes what could be read of the command, so that its sender can match it.
     */
    public static Decision failed(String commandId, Result.Echo echo, Instant now) {
        return new Decision.Asked(commandId, echo, now).rejected(Verdict.INTERNAL_ERROR,
                "statusflow could not decide this command (an internal error); nothing was changed, and the"
                        + " record is in the dead-letter topic with the error", Optional.empty(), List.of());
    }

    /** Checks a command and decides its change, without looking at earlier answers. */
    public Decision decide(String recordKey, RawCommand raw, StateView state, Instant now) {
        return decide(recordKey, raw, Sender.TRUSTED, state, now);
    }

    /** Checks a command from this sender and decides its change, without looking at earlier answers. */
    public Decision decide(String recordKey, RawCommand raw, Sender sender, StateView state, Instant now) {
        Decision.Asked asked = new Decision.Asked(raw.commandId(), Result.Echo.of(raw), now);
        Command cmd;
        try {
            cmd = CommandShape.check(recordKey, raw, now);
        } catch (CommandShape.Invalid e) {
            return asked.rejected(Verdict.BAD_REQUEST, e.field, e.getMessage(), Optional.empty(), List.of());
        }
        ActorRef actor;
        if (sender instanceof Sender.Verified v) {
            actor = v.actor();
        } else if (sender instanceof Sender.Unverified u) {
            return asked.rejected(Verdict.UNAUTHENTICATED, u.why(), Optional.empty(), List.of());
        } else if (cmd.actor().isPresent()) {
            actor = cmd.actor().get();
        } else {
            return asked.rejected(Verdict.UNAUTHENTICATED, "actor is required: the command does not say who sent it",
                    Optional.empty(), List.of());
        }

        List<Change> writes = new ArrayList<>();
        if (!rules.rateLimitExempt().contains(actor.type())) {
            long window = rules.rateWindow().toMillis();
            long windowStart = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), window);
            String rateKey = cmd.tenantId() + "/" + actor.type().name() + "/" + actor.id();
            long count = state.commandCount(rateKey, windowStart) + 1;
            writes.add(new Change.CountCommand(rateKey, windowStart, count));
            if (count > rules.commandsPerMinute()) {
                return asked.rejected(Verdict.RATE_LIMITED, "actor " + actor.id() + " sent more than "
                        + rules.commandsPerMinute() + " commands per minute in tenant " + cmd.tenantId()
                        + "; retry in the next minute", Optional.empty(), writes);
            }
        }

        Optional<String> forged = sender instanceof Sender.Verified v ? v.refusal(cmd) : Optional.empty();
        if (forged.isPresent()) {
            return asked.rejected(Verdict.FORBIDDEN, forged.get(), Optional.empty(), writes);
        }
        Optional<Entity> tenant = Lookup.live(cmd.target().tenantKey(), state);
        Optional<String> refusal = Authorizer.refusal(cmd, actor, tenant, state, now);
        if (refusal.isPresent()) {
            return asked.rejected(Verdict.FORBIDDEN, refusal.get(), Optional.empty(), writes);
        }

        boolean registersTenant = cmd.target().type() == EntityType.tenant && cmd.action() == Action.REGISTER;
        if (!registersTenant && tenant.isEmpty()) {
            return asked.rejected(Verdict.NOT_FOUND, NotFound.tenant(cmd.tenantId()), Optional.empty(),
                    writes);
        }
        return new Transition(cmd, actor, tenant, asked, writes, state, cascadeChunk).decide(state);
    }
}
