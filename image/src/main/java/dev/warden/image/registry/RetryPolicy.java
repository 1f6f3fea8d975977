package dev.warden.image.registry;

import java.time.Duration;

/**
 * How often and how patiently to retry a request the registry refused for now (429, 5xx) or a connection that
 * broke.
 *
 * @param maxAttempts    attempts per request including the first
 * @param initialBackoff wait before the second attempt; it doubles for each further one
 * @param maxBackoff     longest wait between attempts when the registry says nothing
 * @param maxRetryAfter  longest wait Warden grants a Retry-After header; longer requests are cut to this
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    /** 5 attempts over about 15 s ride out a registry restart or a rate limit window without hanging a CI job. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** Wait before attempt {@code attempt} (2 = first retry) when the registry gave no Retry-After. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 2, 0), 20);
        Duration wait = initialBackoff.multipliedBy(factor);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    Duration capRetryAfter(Duration requested) {
        if (requested.isNegative()) {
            return Duration.ZERO;
        }
        return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
    }
}
