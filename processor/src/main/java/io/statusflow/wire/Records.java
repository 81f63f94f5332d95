package io.statusflow.wire;

import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Entity;
import io.statusflow.domain.EntityKey;
import io.statusflow.domain.Event;
import io.statusflow.domain.StatusAccessPair;
import io.statusflow.domain.Result;
import io.statusflow.domain.TenantCascade;
import io.statusflow.domain.Trigger;
import io.statusflow.schema.CascadeProgress;
import io.statusflow.schema.Actor;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityState;
import io.statusflow.schema.StatusAccess;
import io.statusflow.schema.StatusEvent;
import io.statusflow.schema.Target;
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
        return entity(state.getSnapshot()).withMemberCount(state.getMemberCount());
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

    public static CommandResult result(Result r) {
        Result.Echo echo = r.echo();
        Target target = echo.targetType().isPresent() && echo.targetId().isPresent()
                ? new Target(echo.targetType().get(), echo.targetId().get()) : null;
        return CommandResult.newBuilder()
                .setCommandId(r.commandId())
                .setTenantId(echo.tenantId().orElse(null))
                .setTarget(target)
                .setAction(echo.action().orElse(null))
                .setOutcome(r.outcome())
                .setCode(r.code())
                .setError(r.error().orElse(null))
                .setMessage(r.message())
                .setField(r.field().orElse(null))
                .setEntity(r.entity().map(Records::snapshot).orElse(null))
                .setDuplicate(r.duplicate())
                .setProcessedAt(r.processedAt())
                .build();
    }

    public static Result result(CommandResult r) {
        Optional<Target> target = Optional.ofNullable(r.getTarget());
        Result.Echo echo = new Result.Echo(Optional.ofNullable(r.getTenantId()), target.map(Target::getType),
                target.map(Target::getId), Optional.ofNullable(r.getAction()));
        return new Result(r.getCommandId(), echo, r.getOutcome(), r.getCode(), Optional.ofNullable(r.getError()),
                r.getMessage(), Optional.ofNullable(r.getField()), Optional.ofNullable(r.getEntity()).map(Records::entity), r.getDuplicate(),
                r.getProcessedAt());
    }

    /** An entity as a result or the current-status topic shows it, without what only the store keeps. */
    public static Entity entity(EntitySnapshot s) {
        return new Entity(new EntityKey(s.getTenantId(), s.getType(), s.getId()),
                Optional.ofNullable(s.getIdentifier()), s.getStatus(), s.getAccess(),
                Optional.ofNullable(s.getReason()), Optional.ofNullable(s.getDisabledBy()),
                Optional.ofNullable(s.getValidUntil()), s.getVersion(), s.getCreatedAt(), s.getUpdatedAt(),
                Optional.ofNullable(s.getUpdatedBy()), 0);
    }

    public static CascadeProgress progress(TenantCascade.Progress p) {
        return CascadeProgress.newBuilder()
                .setTenantId(p.tenantId())
                .setCursor(p.cursor().orElse(null))
                .setCommandId(p.trigger().commandId().orElse(null))
                .setActor(p.trigger().actor().map(Records::actor).orElse(null))
                .setReason(p.trigger().reason().orElse(null))
                .setStartedAt(p.startedAt())
                .build();
    }

    public static TenantCascade.Progress progress(CascadeProgress p) {
        Optional<ActorRef> actor = Optional.ofNullable(p.getActor()).map(a -> new ActorRef(a.getId(), a.getType(), a.getRoles()));
        Trigger trigger = new Trigger(Optional.ofNullable(p.getCommandId()), actor, Optional.ofNullable(p.getReason()));
        return new TenantCascade.Progress(p.getTenantId(), Optional.ofNullable(p.getCursor()), trigger, p.getStartedAt());
    }

    private static StatusAccess pair(StatusAccessPair p) {
        return new StatusAccess(p.status(), p.access());
    }

    private static Actor actor(ActorRef a) {
        return new Actor(a.id(), a.type(), a.roles());
    }
}
