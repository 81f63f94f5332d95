package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What a push's answer (RFC 8935) means: delivered, refused for good, or to be sent again after a
 * wait. Only a 400 whose {@code err} says the SET itself is wrong is final; anything else
 * (another {@code err}, 401, 403, 404, 429, 5xx, no answer in time) is retried, with the wait
 * doubling from one second to the operator's maximum plus up to a fifth of jitter, so that many
 * streams do not come back at once.
 */
public sealed interface PushOutcome {

    record Delivered() implements PushOutcome {}

    record Rejected(String err) implements PushOutcome {}

    record Retry(Duration after, String why) implements PushOutcome {}

    Set<String> FINAL_ERRORS = Set.of("invalid_request", "invalid_issuer", "invalid_audience");
    Duration FIRST_WAIT = Duration.ofSeconds(1);

    /**
     * @param status the HTTP status, empty when no answer came in time
     * @param body the answer's JSON, when it had one
     * @param retryAfter a 429's or 503's Retry-After
     * @param attempt 1 for the first send of this SET
     */
    static PushOutcome of(Optional<Integer> status, Optional<JsonNode> body, Optional<Duration> retryAfter, int attempt,
            Duration maxWait, RandomGenerator random) {
        return of(status, body, retryAfter, attempt, FIRST_WAIT, maxWait, random);
    }

    /** As above, with the first wait given (shorter in tests). */
    static PushOutcome of(Optional<Integer> status, Optional<JsonNode> body, Optional<Duration> retryAfter, int attempt,
            Duration firstWait, Duration maxWait, RandomGenerator random) {
        if (status.isPresent() && status.get() >= 200 && status.get() < 300) {
            return new Delivered();
        }
        String err = body.map(b -> b.path("err").asText("")).orElse("");
        if (status.isPresent() && status.get() == 400 && FINAL_ERRORS.contains(err)) {
            return new Rejected(err);
        }
        Duration wait = backoff(attempt, firstWait, maxWait, random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(maxWait) > 0 ? maxWait : retryAfter.get();
        }
        String why = status.map(s -> "HTTP " + s + (err.isEmpty() ? "" : " " + err)).orElse("no answer in time");
        return new Retry(wait, why);
    }

    /** One second, doubling per attempt up to {@code maxWait}, then up to 20% more. */
    static Duration backoff(int attempt, Duration maxWait, RandomGenerator random) {
        return backoff(attempt, FIRST_WAIT, maxWait, random);
    }

    static Duration backoff(int attempt, Duration firstWait, Duration maxWait, RandomGenerator random) {
        long base = firstWait.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(base, maxWait.toMillis());
        return Duration.ofMillis(capped + (long) (capped * 0.2 * random.nextDouble()));
    }
}
