package io.statusflow.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Roles;
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
 * Unsigned ({@code alg: none}) and wrongly signed tokens, tokens without a numeric {@code exp} or a
 * non-empty {@code sub}, expired or not-yet-valid ones (beyond the configured clock skew), and a
 * wrong issuer or audience are all refused, each with a message of its own. Thread-safe once built.
 */
public final class Authenticator {

    /** Seed 002's permissions, honoured as roles. */
    static final String UPDATE_PERMISSION = "permissions.multitenancy.update";
    public static final String VIEW_PERMISSION = Roles.VIEW_PERMISSION;
    /** Longer than any token an identity provider issues with a few dozen roles. */
    static final int MAX_TOKEN_CHARS = 8_192;

    private final Optional<DefaultJWTProcessor<SecurityContext>> processor;
    private final JwtSettings settings;

    public Authenticator(JwtSettings settings) throws IOException {
        this.settings = settings;
        this.processor = settings.hasKey() ? Optional.of(processor(settings)) : Optional.empty();
    }

    /** The actor of a request, or why it is not authenticated, in statusflow's words (never the library's). */
    public Result authenticate(String authorizationHeader) {
        return authenticate(authorizationHeader, java.time.Instant.now());
    }

    /** As {@link #authenticate(String)}, with the token's times judged at {@code at} (a record's append time). */
    public Result authenticate(String authorizationHeader, java.time.Instant at) {
        if (processor.isEmpty()) {
            return new Result.Refused("no JWT key is configured on this worker");
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Result.Refused("an Authorization: Bearer <JWT> header is required");
        }
        String token = authorizationHeader.substring(7).strip();
        if (token.length() > MAX_TOKEN_CHARS) {
            return new Result.Refused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return new Result.Refused("the token is not a signed JWT");
        }
        Optional<String> malformed = claimTypes(jwt.getPayload().toJSONObject());
        if (malformed.isPresent()) {
            return new Result.Refused(malformed.get());
        }
        try {
            return actor(processor.get().process(jwt, new At(at.toEpochMilli())));
        } catch (Refusal e) {
            return new Result.Refused(e.getMessage());
        } catch (BadJWSException e) {
            return new Result.Refused("the token's signature does not verify");
        } catch (com.nimbusds.jose.KeySourceException e) {
            // Fail closed: a command refused 401 is not remembered, so its sender may send it again.
            return new Result.Refused("the identity provider's keys cannot be fetched now; try again");
        } catch (BadJOSEException | JOSEException e) {
            return new Result.Refused("the token is not signed with an accepted algorithm and key");
        } catch (ParseException e) {
            return new Result.Refused("the token's claims cannot be read");
        }
    }

    /** {@code exp} a number, {@code sub} a non-empty string, {@code nbf} and {@code iat} numbers when present. */
    private static Optional<String> claimTypes(java.util.Map<String, Object> claims) {
        if (claims == null) {
            return Optional.of("the token's claims are not a JSON object");
        }
        if (!(claims.get("exp") instanceof Number)) {
            return Optional.of("the token must carry a numeric exp");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
            return Optional.of("the token must carry a non-empty sub");
        }
        for (String time : List.of("nbf", "iat")) {
            if (claims.containsKey(time) && !(claims.get(time) instanceof Number)) {
                return Optional.of("the token's " + time + " must be a number");
            }
        }
        return Optional.empty();
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
            mapped.add(lower.equals(UPDATE_PERMISSION) ? Roles.PLATFORM_ADMIN : lower);
        }
        Object typeClaim = claims.getClaim(settings.actorTypeClaim());
        String typeName = typeClaim == null ? "user" : String.valueOf(typeClaim);
        ActorType type;
        try {
            type = ActorType.valueOf(typeName.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Result.Refused("claim " + settings.actorTypeClaim() + " must be user, service or sync");
        }
        return new Result.Authenticated(new ActorRef(sub, type, mapped), claims.toJSONObject());
    }

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /**
     * How keys from an identity provider's JWKS URL are kept, as OIDC resource servers keep them:
     * cached, fetched again ahead of the end of their time to live on a schedule, and at once for a
     * token whose {@code kid} is not known (a rotation), but no more often than the rate limit, so
     * that tokens with made-up key ids cannot make statusflow hammer the identity provider. A fetch
     * waits at most {@code timeoutMs} and reads at most 512 KiB.
     */
    record JwksRefresh(long timeToLiveMs, long refreshAheadMs, long minIntervalMs, int timeoutMs) {
        static final JwksRefresh DEFAULT = new JwksRefresh(300_000, 30_000, 60_000, 2_000);
    }

    static com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> jwksFromUrl(java.net.URI url, JwksRefresh r)
            throws IOException {
        var retriever = new com.nimbusds.jose.util.DefaultResourceRetriever(r.timeoutMs(), r.timeoutMs(), 512 * 1024);
        return com.nimbusds.jose.jwk.source.JWKSourceBuilder.<SecurityContext>create(url.toURL(), retriever)
                .cache(r.timeToLiveMs(), r.timeoutMs())
                .refreshAheadCache(r.refreshAheadMs(), true)
                .rateLimited(r.minIntervalMs())
                .build();
    }

    /** For tests: keys from a JWKS URL with other refresh times. */
    Authenticator(JwtSettings settings, JwksRefresh refresh) throws IOException {
        this.settings = settings;
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, jwksFromUrl(settings.jwksUrl().orElseThrow(), refresh)));
        p.setJWTClaimsSetVerifier(new ClaimsVerifier(settings));
        this.processor = Optional.of(p);
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JwtSettings s) throws IOException {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        if (s.secret().isPresent()) {
            byte[] secret = s.secret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IOException("the JWT secret must have at least 32 bytes for HS256");
            }
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        } else if (s.jwksUrl().isPresent()) {
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, jwksFromUrl(s.jwksUrl().get(), JwksRefresh.DEFAULT)));
        } else {
            JWKSet keys;
            try {
                keys = JWKSet.load(s.jwks().get().toFile());
            } catch (ParseException e) {
                throw new IOException("cannot read JWKS file " + s.jwks().get() + ": " + e.getMessage(), e);
            }
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, new ImmutableJWKSet<>(keys)));
        }
        p.setJWTClaimsSetVerifier(new ClaimsVerifier(s));
        return p;
    }

    /** A refusal with statusflow's own message, thrown from the claims check. */
    private static final class Refusal extends BadJWTException {
        Refusal(String message) {
            super(message);
        }
    }

    /** Time claims with the configured skew, then issuer and audience when configured. Runs after the signature check. */
    private static final class ClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
        private final JwtSettings settings;

        ClaimsVerifier(JwtSettings settings) {
            this.settings = settings;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            long now = context instanceof At at ? at.millis() : System.currentTimeMillis();
            Optional<String> refused = timeRefusal(millis(claims.getExpirationTime()), millis(claims.getNotBeforeTime()),
                    millis(claims.getIssueTime()), now, settings.clockSkew().toMillis());
            if (refused.isPresent()) {
                throw new Refusal(refused.get());
            }
            if (settings.issuer().isPresent() && !settings.issuer().get().equals(claims.getIssuer())) {
                throw new Refusal("the token's issuer is not the configured one");
            }
            if (settings.audience().isPresent()
                    && (claims.getAudience() == null || !claims.getAudience().contains(settings.audience().get()))) {
                throw new Refusal("the token's audience does not include the configured one");
            }
        }
    }

    /** The instant a token is judged at, passed through the library to the claims check. */
    private record At(long millis) implements SecurityContext {}

    private static Long millis(java.util.Date d) {
        return d == null ? null : d.getTime();
    }

    /**
     * The one rule for a token's times, each with the clock skew: expired once {@code exp} is
     * {@code skew} behind {@code now}; not valid yet while {@code nbf} or {@code iat} is more than
     * {@code skew} ahead. Null times other than {@code exp} are not checked.
     */
    static Optional<String> timeRefusal(Long exp, Long nbf, Long iat, long now, long skew) {
        if (exp == null || exp <= now - skew) {
            return Optional.of("the token has expired");
        }
        if (nbf != null && nbf > now + skew) {
            return Optional.of("the token is not valid yet (nbf)");
        }
        if (iat != null && iat > now + skew) {
            return Optional.of("the token was issued in the future (iat)");
        }
        return Optional.empty();
    }

    /** Who the caller is, or why that is not known. */
    public sealed interface Result {
        /** A verified caller. */
        record Authenticated(ActorRef actor, java.util.Map<String, Object> claims) implements Result {

            /** A claim's text, when the token has it as a string. */
            public Optional<String> text(String claim) {
                return claims.get(claim) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
            }
        }

        /** Not authenticated: answered 401. */
        record Refused(String reason) implements Result {}
    }
}
