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
 * @param readIdleTimeout longest silence while a response body streams in; a stalled body then fails (and is retried)
 * @param maxTotal       longest one request may take until its response headers, every attempt, wait and redirect
 *                       included: a registry that accepts and never answers, or asks to come back in a day, cannot
 *                       hold a command longer than this
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
        Duration readIdleTimeout, Duration maxTotal) {
    /**
     * 5 attempts whose waits add up to about 8 s ride out a registry restart or a rate limit window; with the
     * attempts themselves a request takes at most {@link RegistryLimits#MAX_REQUEST_TIME}.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (readIdleTimeout.isNegative() || readIdleTimeout.isZero()) {
            throw new IllegalArgumentException("readIdleTimeout must be positive");
        }
        if (maxTotal.isNegative() || maxTotal.isZero()) {
            throw new IllegalArgumentException("maxTotal must be positive");
        }
    }

    /** With the default time bound per request, {@link RegistryLimits#MAX_REQUEST_TIME}. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
            Duration readIdleTimeout) {
        this(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, readIdleTimeout, RegistryLimits.MAX_REQUEST_TIME);
    }

    /** With the default read-idle timeout, {@link RegistryLimits#READ_IDLE_TIMEOUT}. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, RegistryLimits.READ_IDLE_TIMEOUT);
    }

    public RetryPolicy withReadIdleTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, timeout, maxTotal);
    }

    public RetryPolicy withMaxTotal(Duration total) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, readIdleTimeout, total);
    }

    /**
     * This policy with the read-idle timeout from {@value RegistryLimits#READ_IDLE_TIMEOUT_VARIABLE} (whole seconds)
     * when {@code environment} sets it, for slow links and proxies that pause longer than the default.
     */
    public RetryPolicy withEnvironment(java.util.Map<String, String> environment) {
        String value = environment.get(RegistryLimits.READ_IDLE_TIMEOUT_VARIABLE);
        if (value == null || value.isBlank()) {
            return this;
        }
        if (!value.trim().matches("[0-9]{1,7}") || Long.parseLong(value.trim()) == 0) {
            throw new dev.warden.core.WardenException(RegistryLimits.READ_IDLE_TIMEOUT_VARIABLE + "='" + Messages.clip(value)
                    + "': expected a whole number of seconds greater than 0");
        }
        return withReadIdleTimeout(Duration.ofSeconds(Long.parseLong(value.trim())));
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
