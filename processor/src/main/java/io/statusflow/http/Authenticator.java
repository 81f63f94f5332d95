package io.statusflow.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.statusflow.domain.ActorRef;
import io.statusflow.schema.ActorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer <JWT>} and maps its claims to the actor of a command.
 * Unsigned ({@code alg: none}) and wrongly signed tokens, expired or not-yet-valid ones, and a
 * wrong issuer or audience are all refused. Thread-safe once built.
 */
public final class Authenticator {

    /** Seed 002's permissions, honoured as roles. */
    static final String UPDATE_PERMISSION = "permissions.multitenancy.update";
    public static final String VIEW_PERMISSION = "permissions.multitenancy.view";

    private final Optional<DefaultJWTProcessor<SecurityContext>> processor;
    private final JwtSettings settings;

    public Authenticator(JwtSettings settings) throws IOException {
        this.settings = settings;
        this.processor = settings.hasKey() ? Optional.of(processor(settings)) : Optional.empty();
    }

    /** The actor of a request, or why it is not authenticated. */
    public Result authenticate(String authorizationHeader) {
        if (processor.isEmpty()) {
            return new Result.Refused("no JWT key is configured on this worker");
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Result.Refused("an Authorization: Bearer <JWT> header is required");
        }
        String token = authorizationHeader.substring(7).strip();
        try {
            JWTClaimsSet claims = processor.get().process(token, null);
            return actor(claims);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return new Result.Refused("invalid token: " + e.getMessage());
        }
    }

    private Result actor(JWTClaimsSet claims) throws ParseException {
        String sub = claims.getSubject();
        List<String> roles = new ArrayList<>();
        Object raw = claims.getClaim(settings.rolesClaim());
        if (raw instanceof String s) {
            roles.add(s);
        } else if (raw instanceof List<?> list) {
            list.forEach(r -> roles.add(String.valueOf(r)));
        }
        List<String> mapped = new ArrayList<>();
        for (String r : roles) {
            String lower = r.toLowerCase(Locale.ROOT);
            mapped.add(lower.equals(UPDATE_PERMISSION) ? "platform-admin" : lower);
        }
        String typeName = Optional.ofNullable(claims.getStringClaim(settings.actorTypeClaim())).orElse("user");
        ActorType type;
        try {
            type = ActorType.valueOf(typeName.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Result.Refused("claim " + settings.actorTypeClaim() + " must be user, service or sync");
        }
        return new Result.Authenticated(new ActorRef(sub, type, mapped));
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JwtSettings s) throws IOException {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        if (s.secret().isPresent()) {
            byte[] secret = s.secret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IOException("the JWT secret must have at least 32 bytes for HS256");
            }
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        } else {
            JWKSet keys;
            try {
                keys = JWKSet.load(s.jwks().get().toFile());
            } catch (ParseException e) {
                throw new IOException("cannot read JWKS file " + s.jwks().get() + ": " + e.getMessage(), e);
            }
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(keys)));
        }
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        s.issuer().ifPresent(exact::issuer);
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(s.audience().orElse(null), exact.build(),
                Set.of("sub", "exp")));
        return p;
    }

    /** Who the caller is, or why that is not known. */
    public sealed interface Result {
        /** A verified caller. */
        record Authenticated(ActorRef actor) implements Result {}

        /** Not authenticated: answered 401. */
        record Refused(String reason) implements Result {}
    }
}
