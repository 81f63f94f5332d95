package io.statusflow.topology;

import java.util.List;

/** Actors the tests send commands as. */
public final class Actors {

    /** An actor as it appears in a command. */
    public record Actor(String id, String type, List<String> roles) {}

    public static final Actor PLATFORM = new Actor("provisioner", "service", List.of("platform-admin"));
    public static final Actor SERVICE_ADMIN = new Actor("backoffice", "service", List.of("admin"));
    public static final Actor SERVICE_PLAIN = new Actor("reporting", "service", List.of("viewer"));
    public static final Actor SYNC = new Actor("scim", "sync", List.of());

    private Actors() {}

    public static Actor admin(String id) {
        return new Actor(id, "user", List.of("ADMIN"));
    }

    public static Actor member(String id) {
        return new Actor(id, "user", List.of("member"));
    }
}
