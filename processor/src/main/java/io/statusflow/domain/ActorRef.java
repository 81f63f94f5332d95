package io.statusflow.domain;

import io.statusflow.schema.ActorType;
import java.util.List;
import java.util.Locale;

/** The validated sender of a command; roles are kept as sent and compared case-insensitively. */
public record ActorRef(String id, ActorType type, List<String> roles) {

    public ActorRef {
        roles = List.copyOf(roles);
    }

    /** Directory synchronization: what it disabled, only it may enable. */
    public boolean isSync() {
        return type == ActorType.sync;
    }

    /** {@code role} in lower case. A loop, not a stream: every command asks two or three times. */
    public boolean hasRole(String role) {
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i).toLowerCase(Locale.ROOT).equals(role)) {
                return true;
            }
        }
        return false;
    }
}
