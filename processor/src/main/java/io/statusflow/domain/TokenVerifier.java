package io.statusflow.domain;

import java.time.Instant;

/**
 * Verifies the {@code Authorization} value of a command record at the instant the broker appended
 * it: a {@link Sender.Verified} or an {@link Sender.Unverified} with the reason. Thread-safe.
 */
@FunctionalInterface
public interface TokenVerifier {

    Sender verify(String authorization, Instant appendedAt);
}
