package io.statusflow.wire;

import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Decision;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Event;
import io.statusflow.domain.StatusAccessPair;
import io.statusflow.domain.Trigger;
import io.statusflow.domain.Verdict;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.Actor;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.StatusAccess;
import io.statusflow.schema.StatusEvent;
import io.statusflow.schema.Target;
import java.time.Instant;
import java.util.Optional;

/** Maps the domain's values to and from the generated Avro records. */
public final class Records {

    private Records() {}

    public static EntityState state(Entity e) {
        return EntityState.newBuilder().setSnapshot(snapshot(e)).setMemberCount(e.memberCount()).build();
    }

    public static EntitySnapshot snapshot(Entity e) {
        return EntitySnapshot.newBuilder()
                .setEntityKey(e.key().value())
                .setTenantId(e.key().tenantId())
                .setType(e.key().type())
                .setId(e.key().id())
                .setIdentifier(e.identifier().orElse(null))
                .setStatus(e.status())
                .setAccess(e.access())
                .setReason(e.reason().orElse(null))
                .setDisabledBy(e.disabledBy().orElse(null))
                .setValidUntil(e.validUntil().orElse(null))
                .setVersion(e.version())
                .setCreatedAt(e.createdAt())
                .setUpdatedAt(e.updatedAt())
                .setUpdatedBy(e.updatedBy().orElse(null))
                .build();
    }

    public static Entity entity(EntityState state) {
        EntitySnapshot s = state.getSnapshot();
        return new Entity(new EntityKey(s.getTenantId(), s.getType(), s.getId()),
                Optional.ofNullable(s.getIdentifier()), s.getStatus(), s.getAccess(),
                Optional.ofNullable(s.getReason()), Optional.ofNullable(s.getDisabledBy()),
                Optional.ofNullable(s.getValidUntil()), s.getVersion(), s.getCreatedAt(), s.getUpdatedAt(),
                Optional.ofNullable(s.getUpdatedBy()), state.getMemberCount());
    }

    public static StatusEvent event(Event e) {
        return StatusEvent.newBuilder()
                .setEventId(e.eventId())
                .setEntityKey(e.key().value())
                .setTenantId(e.key().tenantId())
                .setTarget(new Target(e.key().type(), e.key().id()))
                .setPrevious(e.previous().map(Records::pair).orElse(null))
                .setCurrent(pair(e.current()))
                .setCause(e.cause().wire())
                .setCommandId(e.commandId().orElse(null))
                .setActor(e.actor().map(Records::actor).orElse(null))
                .setReason(e.reason().orElse(null))
                .setValidUntil(e.validUntil().orElse(null))
                .setVersion(e.version())
                .setOccurredAt(e.occurredAt())
                .build();
    }

    public static CommandResult result(String commandId, Decision d, Instant processedAt) {
        Decision.Echo echo = d.echo();
        Target target = echo.targetType().isPresent() && echo.targetId().isPresent()
                ? new Target(echo.targetType().get(), echo.targetId().get()) : null;
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setTenantId(echo.tenantId().orElse(null))
                .setTarget(target)
                .setAction(echo.action().orElse(null))
                .setOutcome(d.outcome())
                .setCode(d.code())
                .setError(d.error().orElse(null))
                .setMessage(d.message())
                .setEntity(d.entity().map(Records::snapshot).orElse(null))
                .setDuplicate(false)
                .setProcessedAt(processedAt)
                .build();
    }

    /** The 400 answer to a record whose commandId was readable but whose fields were not. */
    public static CommandResult unreadable(String commandId, String message, Instant processedAt) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setOutcome(Outcome.rejected)
                .setCode(400)
                .setError("bad_request")
                .setMessage(message)
                .setDuplicate(false)
                .setProcessedAt(processedAt)
                .build();
    }

    /**
     * The 500 answer to a command whose decision failed unexpectedly; echoes what could be read of
     * it, so that its sender can match it.
     */
    public static CommandResult internalError(String commandId, Optional<Decision.Echo> echo, Instant processedAt) {
        Target target = echo.flatMap(e -> e.targetType().flatMap(t -> e.targetId().map(id -> new Target(t, id))))
                .orElse(null);
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setTenantId(echo.flatMap(Decision.Echo::tenantId).orElse(null))
                .setTarget(target)
                .setAction(echo.flatMap(Decision.Echo::action).orElse(null))
                .setOutcome(Outcome.rejected)
                .setCode(Verdict.INTERNAL_ERROR.code())
                .setError(Verdict.INTERNAL_ERROR.error())
                .setMessage("statusflow could not decide this command (an internal error); nothing was changed, and the"
                        + " record is in the dead-letter topic with the error")
                .setDuplicate(false)
                .setProcessedAt(processedAt)
                .build();
    }

    public static CascadeProgress progress(String tenantId, Trigger trigger, Instant now) {
        return CascadeProgress.newBuilder()
                .setTenantId(tenantId)
                .setCursor(null)
                .setCommandId(trigger.commandId().orElse(null))
                .setActor(trigger.actor().map(Records::actor).orElse(null))
                .setReason(trigger.reason().orElse(null))
                .setStartedAt(now)
                .build();
    }

    public static Trigger trigger(CascadeProgress p) {
        Optional<ActorRef> actor = Optional.ofNullable(p.getActor()).map(a -> new ActorRef(a.getId(), a.getType(), a.getRoles()));
        return new Trigger(Optional.ofNullable(p.getCommandId()), actor, Optional.ofNullable(p.getReason()));
    }

    private static StatusAccess pair(StatusAccessPair p) {
        return new StatusAccess(p.status(), p.access());
    }

    private static Actor actor(ActorRef a) {
        return new Actor(a.id(), a.type(), a.roles());
    }
}
