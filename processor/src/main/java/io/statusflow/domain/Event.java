package io.statusflow.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** A change of an entity's status, access or validUntil, as published on the events topic. */
public record Event(
        EntityKey key,
        Optional<StatusAccessPair> previous,
        StatusAccessPair current,
        Cause cause,
        Optional<String> commandId,
        Optional<ActorRef> actor,
        Optional<String> reason,
        Optional<Instant> validUntil,
        long version,
        Instant occurredAt) {

    /**
     * Derived from the entity key and version, which never repeat: a consumer can deduplicate on
     * it, and a reprocessed command yields the same id.
     */
    public String eventId() {
        return NameUuid.of((key.value() + "#" + version).getBytes(StandardCharsets.UTF_8));
    }
}
