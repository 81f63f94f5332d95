package io.statusflow.domain;

import java.util.Optional;

/** What set a tenant's members' access in motion: its command, or its subscription's end. */
public record Trigger(Optional<String> commandId, Optional<ActorRef> actor, Optional<String> reason) {

    public static Trigger expiry() {
        return new Trigger(Optional.empty(), Optional.empty(), Optional.of("subscription expired"));
    }
}
