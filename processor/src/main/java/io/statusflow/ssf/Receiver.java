package io.statusflow.ssf;

import io.statusflow.domain.Roles;
import io.statusflow.schema.ActorType;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The caller of a stream management route, from its token: its {@code sub} (a stream's audience is
 * its creator's), its type, its rights (roles and scopes together) and the tenant it is limited to.
 */
public record Receiver(String sub, ActorType type, Set<String> rights, Optional<String> tenant) {

    public static final String MANAGE = "ssf.manage";
    public static final String READ = "ssf.read";
    public static final String POLL = "ssf.manage.poll";

    public Receiver {
        rights = rights.stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Rights count for services only: a person's token manages no stream. */
    boolean has(String right) {
        return type == ActorType.service && rights.contains(right);
    }

    boolean isPlatformAdmin() {
        return has(Roles.PLATFORM_ADMIN);
    }
}
