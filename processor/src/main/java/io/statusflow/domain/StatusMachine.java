package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place the seeds' rules live: from (state, command, clock) to a {@link Decision}.
 * Validation runs in the order of docs/contract.md, "Checks and codes": 400, 401, 429, 403, 404, 409, then the change.
 */
public final class StatusMachine {

    private final Rules rules;

    public StatusMachine(Rules rules) {
        this.rules = rules;
    }

    public Decision decide(String recordKey, RawCommand raw, StateView state, Instant now) {
        Decision.Echo echo = echo(raw);
        Command cmd;
        try {
            cmd = CommandShape.check(recordKey, raw, now);
        } catch (CommandShape.Invalid e) {
            return reject(Verdict.BAD_REQUEST, e.getMessage(), echo, Optional.empty(), List.of());
        }
        if (cmd.actor().isEmpty()) {
            return reject(Verdict.UNAUTHENTICATED, "actor is required: the command does not say who sent it",
                    echo, Optional.empty(), List.of());
        }
        ActorRef actor = cmd.actor().get();

        List<Change> changes = new ArrayList<>();
        if (!rules.rateLimitExempt().contains(actor.type())) {
            long window = rules.rateWindow().toMillis();
            long windowStart = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), window);
            String rateKey = cmd.tenantId() + "/" + actor.type().name() + "/" + actor.id();
            long count = state.commandCount(rateKey, windowStart) + 1;
            changes.add(new Change.CountCommand(rateKey, windowStart, count));
            if (count > rules.commandsPerMinute()) {
                return reject(Verdict.RATE_LIMITED, "actor " + actor.id() + " sent more than "
                        + rules.commandsPerMinute() + " commands per minute in tenant " + cmd.tenantId()
                        + "; retry in the next minute", echo, Optional.empty(), changes);
            }
        }

        Optional<Entity> tenant = Lookup.live(cmd.target().tenantKey(), state);
        Optional<String> refusal = Authorizer.refusal(cmd, actor, tenant, state, now);
        if (refusal.isPresent()) {
            return reject(Verdict.FORBIDDEN, refusal.get(), echo, Optional.empty(), changes);
        }

        if (cmd.target().type() != EntityType.tenant || cmd.action() != Action.REGISTER) {
            if (tenant.isEmpty()) {
                return reject(Verdict.NOT_FOUND, "Tenant " + cmd.tenantId() + " not found", echo,
                        Optional.empty(), changes);
            }
        }
        Transition transition = new Transition(cmd, actor, tenant, now, echo, changes);
        if (cmd.action() == Action.REGISTER) {
            return transition.register(state);
        }
        Optional<Entity> target = Lookup.target(cmd.target(), state);
        if (target.isEmpty()) {
            return reject(Verdict.NOT_FOUND, capitalized(cmd.target().type()) + " not found in tenant scope: "
                    + cmd.target().type().name() + " " + cmd.target().id() + " in tenant " + cmd.tenantId(),
                    echo, Optional.empty(), changes);
        }
        return transition.change(target.get());
    }

    static Decision reject(Verdict verdict, String message, Decision.Echo echo, Optional<Entity> entity,
            List<Change> changes) {
        return new Decision(Outcome.rejected, verdict.code(), Optional.of(verdict.error()), message, echo,
                entity, List.of(), changes);
    }

    /** The command fields a result repeats, as far as they can be read. */
    public static Decision.Echo echo(RawCommand raw) {
        Optional<EntityType> type = raw.target().flatMap(RawCommand.RawTarget::type).flatMap(t -> {
            for (EntityType e : EntityType.values()) {
                if (e.name().equals(t)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        });
        Optional<String> id = raw.target().flatMap(RawCommand.RawTarget::id);
        return new Decision.Echo(raw.tenantId(), type, type.isPresent() ? id : Optional.empty(), raw.action());
    }

    static String capitalized(EntityType type) {
        String n = type.name();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /** Access of an entity with these fields, in a tenant in this state. */
    static Access access(EntityKey key, Status status, Optional<Instant> validUntil, Optional<Entity> tenant,
            Instant now) {
        return AccessRules.access(key.type(), status, validUntil, tenant, now);
    }

    static boolean isSync(ActorRef actor) {
        return actor.type() == ActorType.sync;
    }
}
