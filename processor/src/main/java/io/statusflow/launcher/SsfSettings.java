package io.statusflow.launcher;

import io.statusflow.ssf.Issuer;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.SsfOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The Shared Signals transmitter's settings, read and checked with the rest (see {@link Settings#ssf}). */
final class SsfSettings {

    /** The longest a Shared Signals long poll may wait for a SET. */
    static final Duration MAX_POLL_WAIT = Duration.ofMinutes(5);

    private SsfSettings() {}

    /**
     * On with an issuer, or in the try-it mode (no cluster) with HTTP, unless turned off. Without HTTP
     * it runs push-only: streams are managed through another instance, and SETs are pushed from here.
     */
    static Optional<SsfOptions> parse(Settings s) throws UsageException {
        boolean tryIt = s.bootstrapServers().isEmpty();
        Optional<String> issuer = Optional.empty();
        if (s.get(Setting.SSF_ISSUER).isPresent()) {
            try {
                issuer = Optional.of(Issuer.parse(s.require(Setting.SSF_ISSUER)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for " + Setting.SSF_ISSUER.option() + ": " + e.getMessage());
            }
        }
        // Without HTTP the transmitter only pushes, and its issuer cannot default to the HTTP address.
        boolean off = Boolean.parseBoolean(s.get(Setting.NO_SSF).orElse("false")) || (!s.httpEnabled() && issuer.isEmpty());
        if (off || (issuer.isEmpty() && !tryIt)) {
            return Optional.empty();
        }
        Optional<Path> key = s.get(Setting.SSF_SIGNING_KEY).map(Path::of);
        if (key.isEmpty() && !tryIt) {
            throw new UsageException(Setting.SSF_ISSUER.option() + " needs " + Setting.SSF_SIGNING_KEY.option()
                    + ": the private JWK that signs SETs");
        }
        int pollMax = bounded(s, Setting.SSF_POLL_MAX_EVENTS, 10_000);
        int maxSubjects = bounded(s, Setting.SSF_MAX_SUBJECTS, 100_000);
        int pushConcurrency = bounded(s, Setting.SSF_PUSH_CONCURRENCY, 256);
        // A long poll holds its connection idle; the HTTP idle timeout follows it, so it is bounded too.
        Duration pollWait = s.duration(Setting.SSF_POLL_WAIT);
        if (pollWait.compareTo(MAX_POLL_WAIT) > 0) {
            throw new UsageException("invalid value for " + Setting.SSF_POLL_WAIT.option() + ": "
                    + s.require(Setting.SSF_POLL_WAIT) + " (at most " + Durations.format(MAX_POLL_WAIT) + ")");
        }
        if (key.isPresent()) {
            try {
                SigningKeys.read(key.get());
            } catch (SigningKeys.Invalid e) {
                throw new UsageException("invalid value for " + Setting.SSF_SIGNING_KEY.option() + ": " + e.getMessage());
            }
        }
        boolean insecure = tryIt || Boolean.parseBoolean(s.require(Setting.SSF_ALLOW_INSECURE_PUSH));
        SsfOptions o = new SsfOptions(issuer, key, s.require(Setting.SSF_SUBJECT_ISSUER),
                Boolean.parseBoolean(s.require(Setting.SSF_SHARE_REASONS)), insecure, s.positive(Setting.SSF_MAX_STREAMS),
                maxSubjects, pushConcurrency,
                s.duration(Setting.SSF_MIN_VERIFICATION_INTERVAL), s.duration(Setting.SSF_PUSH_TIMEOUT),
                s.duration(Setting.SSF_PUSH_RETRY_MAX), pollWait, pollMax,
                s.duration(Setting.SSF_OUTBOX_RETENTION), s.require(Setting.SSF_STREAMS_TOPIC), s.require(Setting.SSF_OUTBOX_TOPIC),
                s.require(Setting.SSF_POSITIONS_TOPIC), s.require(Setting.JWT_SCOPE_CLAIM), s.require(Setting.JWT_TENANT_CLAIM));
        return Optional.of(o);
    }

    /** A positive number of at most {@code max}. */
    private static int bounded(Settings s, Setting setting, int max) throws UsageException {
        int n = s.positive(setting);
        if (n > max) {
            throw new UsageException("invalid value for " + setting.option() + ": " + n + " (at most " + max + ")");
        }
        return n;
    }
}
