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
        return new EntityState(snapshot(e), e.memberCount());
    }

    public static EntitySnapshot snapshot(Entity e) {
        // The constructor, not the builder: every command builds two, and the builder checks and copies each field.
        return new EntitySnapshot(e.key().value(), e.key().tenantId(), e.key().type(), e.key().id(),
                e.identifier().orElse(null), e.status(), e.access(), e.reason().orElse(null),
                e.disabledBy().orElse(null), e.validUntil().orElse(null), e.version(), e.createdAt(), e.updatedAt(),
                e.updatedBy().orElse(null));
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
        return new CommandResult(r.commandId(), echo.tenantId().orElse(null), target, echo.action().orElse(null),
                r.outcome(), r.code(), r.error().orElse(null), r.message(),
                r.entity().map(Records::snapshot).orElse(null), r.duplicate(), r.processedAt(), r.field().orElse(null));
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
