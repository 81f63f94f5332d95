package io.statusflow.auth;

import java.nio.file.Path;
import java.util.Optional;

/** How bearer tokens are verified and mapped to an actor (docs/http-api.md, "Tokens"). */
public record JwtSettings(Optional<String> secret, Optional<Path> jwks, Optional<String> issuer,
        Optional<String> audience, String rolesClaim, String actorTypeClaim, java.time.Duration clockSkew,
        Optional<java.net.URI> jwksUrl) {

    /** Without a JWKS URL. */
    public JwtSettings(Optional<String> secret, Optional<Path> jwks, Optional<String> issuer, Optional<String> audience,
            String rolesClaim, String actorTypeClaim, java.time.Duration clockSkew) {
        this(secret, jwks, issuer, audience, rolesClaim, actorTypeClaim, clockSkew, Optional.empty());
    }

    public static final java.time.Duration DEFAULT_CLOCK_SKEW = java.time.Duration.ofSeconds(30);
    public static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    public static final String DEFAULT_ROLES_CLAIM = "roles";
    public static final String DEFAULT_ACTOR_TYPE_CLAIM = "actor_type";

    public boolean hasKey() {
        return secret.isPresent() || jwks.isPresent() || jwksUrl.isPresent();
    }
}
