package io.statusflow.http;

import java.nio.file.Path;
import java.util.Optional;

/** How bearer tokens are verified and mapped to an actor (SPEC section 11). */
public record JwtSettings(Optional<String> secret, Optional<Path> jwks, Optional<String> issuer,
        Optional<String> audience, String rolesClaim, String actorTypeClaim) {

    public static final String DEFAULT_ROLES_CLAIM = "roles";
    public static final String DEFAULT_ACTOR_TYPE_CLAIM = "actor_type";

    public boolean hasKey() {
        return secret.isPresent() || jwks.isPresent();
    }
}
