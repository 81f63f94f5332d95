package io.statusflow.domain;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Commands for the domain tests, as the wire reader would hand them over. */
final class Raw {

    private static final AtomicLong IDS = new AtomicLong();

    static final Actor PLATFORM = new Actor("ops", "service", List.of("platform-admin"));
    static final Actor SERVICE_ADMIN = new Actor("api", "service", List.of("admin"));
    static final Actor SYNC = new Actor("directory", "sync", List.of());

    record Actor(String id, String type, List<String> roles) {
        RawCommand.RawActor raw() {
            return new RawCommand.RawActor(Optional.of(id), Optional.of(type), roles);
        }
    }

    static Actor admin(String id) {
        return new Actor(id, "user", List.of("admin"));
    }

    static Actor member(String id) {
        return new Actor(id, "user", List.of());
    }

    final String tenant;
    private String commandId = "c-" + IDS.incrementAndGet();
    private final String type;
    private final String id;
    private final String action;
    private Optional<String> reason = Optional.empty();
    private Optional<String> status = Optional.empty();
    private Optional<String> identifier = Optional.empty();
    private Optional<String> validUntil = Optional.empty();
    private Optional<Long> expectedVersion = Optional.empty();
    private Optional<RawCommand.RawActor> actor;

    private Raw(String tenant, String type, String id, String action, Actor actor) {
        this.tenant = tenant;
        this.type = type;
        this.id = id;
        this.action = action;
        this.actor = Optional.of(actor.raw());
    }

    /** A command on a tenant, by a platform admin. */
    static Raw tenant(String tenant, String action) {
        return new Raw(tenant, "tenant", tenant, action, PLATFORM);
    }

    /** A command on a user, by a service admin. */
    static Raw user(String tenant, String id, String action) {
        return new Raw(tenant, "user", id, action, SERVICE_ADMIN);
    }

    /** A command on an API client, by a service admin. */
    static Raw client(String tenant, String id, String action) {
        return new Raw(tenant, "client", id, action, SERVICE_ADMIN);
    }

    Raw by(Actor a) {
        actor = Optional.of(a.raw());
        return this;
    }

    Raw anonymous() {
        actor = Optional.empty();
        return this;
    }

    Raw id(String commandId) {
        this.commandId = commandId;
        return this;
    }

    Raw reason(String r) {
        reason = Optional.of(r);
        return this;
    }

    Raw status(String s) {
        status = Optional.of(s);
        return this;
    }

    Raw identifier(String i) {
        identifier = Optional.of(i);
        return this;
    }

    Raw validUntil(String v) {
        validUntil = Optional.of(v);
        return this;
    }

    Raw expectedVersion(long v) {
        expectedVersion = Optional.of(v);
        return this;
    }

    RawCommand build() {
        return new RawCommand(commandId, Optional.of(tenant),
                Optional.of(new RawCommand.RawTarget(Optional.of(type), Optional.of(id))), Optional.of(action), reason,
                status, identifier, validUntil, expectedVersion, actor, Optional.empty());
    }
}
