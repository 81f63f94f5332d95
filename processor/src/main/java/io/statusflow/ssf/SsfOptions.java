package io.statusflow.ssf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The transmitter's settings, as the launcher read and checked them. The issuer is empty in the
 * try-it mode until the HTTP port is known; the signing key likewise, until it is made.
 */
public record SsfOptions(Optional<String> issuer, Optional<Path> signingKey, String subjectIssuer, boolean shareReasons,
        boolean allowInsecurePush, int maxStreams, int maxSubjects, int pushConcurrency,
        Duration minVerificationInterval, Duration pushTimeout,
        Duration pushRetryMax, Duration pollWait, int pollMaxEvents, Duration outboxRetention, String streamsTopic,
        String outboxTopic, String positionsTopic, String scopeClaim, String tenantClaim) {

    /** The outbox settings of the topology, once the issuer is known. */
    public OutboxSettings outbox(String resolvedIssuer) {
        return new OutboxSettings(streamsTopic, outboxTopic,
                new SecurityEvents.Settings(subjectIssuer.replace("{issuer}", resolvedIssuer), shareReasons));
    }
}
