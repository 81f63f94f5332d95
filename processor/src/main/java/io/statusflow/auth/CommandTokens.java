package io.statusflow.auth;

import io.statusflow.domain.Sender;
import io.statusflow.domain.TokenVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Verifies the tokens of command records ({@code --command-auth token}) with the HTTP API's
 * {@link Authenticator}, at the record's append time. A verified token is kept, by the SHA-256 of
 * its header and never as text, until it expires, so a provisioner that sends many commands with
 * one token pays for one signature check; a cached token's times are still judged at each record's
 * append time. Refusals are not kept. Thread-safe: the stream threads share one.
 */
public final class CommandTokens implements TokenVerifier {

    /** Tokens kept at most; past it, expired ones are dropped, and if none are, all. */
    static final int MAX_CACHED = 10_000;

    private final BiFunction<String, Instant, Authenticator.Result> authenticate;
    private final String tenantClaim;
    private final long skewMs;
    private final LongSupplier wallClock;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(CommandTokens::digest);

    public CommandTokens(Authenticator auth, String tenantClaim, Duration clockSkew) {
        this(auth::authenticate, tenantClaim, clockSkew, System::currentTimeMillis);
    }

    CommandTokens(BiFunction<String, Instant, Authenticator.Result> authenticate, String tenantClaim, Duration clockSkew,
            LongSupplier wallClock) {
        this.authenticate = authenticate;
        this.tenantClaim = tenantClaim;
        this.skewMs = clockSkew.toMillis();
        this.wallClock = wallClock;
    }

    @Override
    public Sender verify(String authorization, Instant appendedAt) {
        long at = appendedAt.toEpochMilli();
        Key key = key(authorization);
        Entry kept = cache.get(key);
        if (kept != null) {
            return kept.at(at, skewMs);
        }
        Authenticator.Result result = authenticate.apply(authorization, appendedAt);
        if (result instanceof Authenticator.Result.Refused refused) {
            return new Sender.Unverified(refused.reason());
        }
        Authenticator.Result.Authenticated a = (Authenticator.Result.Authenticated) result;
        Object limit = a.claims().get(tenantClaim);
        if (limit != null && !(limit instanceof String s && !s.isBlank())) {
            return new Sender.Unverified("claim " + tenantClaim + " must be the id of the one tenant the token is for");
        }
        Sender.Verified verified = new Sender.Verified(a.actor(), Optional.ofNullable((String) limit));
        keep(key, new Entry(verified, seconds(a.claims().get("exp")), seconds(a.claims().get("nbf")),
                seconds(a.claims().get("iat"))));
        return verified;
    }

    int cached() {
        return cache.size();
    }

    private void keep(Key key, Entry entry) {
        if (cache.size() >= MAX_CACHED) {
            long now = wallClock.getAsLong();
            cache.values().removeIf(e -> e.exp() <= now - skewMs);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, entry);
    }

    private Key key(String authorization) {
        MessageDigest md = sha256.get();
        ByteBuffer h = ByteBuffer.wrap(md.digest(authorization.getBytes(StandardCharsets.UTF_8)));
        return new Key(h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }

    /** A JWT time (seconds since the epoch) in milliseconds, as the library reads it; null when absent. */
    private static Long seconds(Object claim) {
        return claim instanceof Number n ? n.longValue() * 1000 : null;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A token's SHA-256. */
    private record Key(long a, long b, long c, long d) {}

    /** A verified token and its times (milliseconds; nbf and iat may be null). */
    private record Entry(Sender.Verified sender, Long exp, Long nbf, Long iat) {
        Sender at(long appendedAt, long skew) {
            Optional<String> refused = Authenticator.timeRefusal(exp, nbf, iat, appendedAt, skew);
            return refused.isPresent() ? new Sender.Unverified(refused.get()) : sender;
        }
    }
}
