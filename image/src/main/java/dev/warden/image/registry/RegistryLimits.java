package dev.warden.image.registry;

import java.time.Duration;

/** Bounds on what a registry (or anything pretending to be one) can make Warden do. */
final class RegistryLimits {
    private RegistryLimits() {}

    /** Registries redirect blobs once to a storage backend (S3, GCS, a CDN); more than a few hops is a loop. */
    static final int MAX_REDIRECTS = 5;
    /** Token responses are a JWT of a few KiB in JSON; 256 KiB leaves room for big claim sets and nothing else. */
    static final int MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;
    /** Error bodies are read only to quote the registry's error code in a message. */
    static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
    /** A WWW-Authenticate header is one short challenge; longer ones are refused rather than parsed. */
    static final int MAX_CHALLENGE_CHARS = 8 * 1024;
    /** docker config.json holds a few credentials; 1 MiB is far beyond any real one. */
    static final long MAX_DOCKER_CONFIG_BYTES = 1L << 20;
    /** A credential helper's answer is one small JSON object; more is not an answer. */
    static final long MAX_HELPER_ANSWER_BYTES = 64 * 1024;
    /** Keychain helpers may prompt or unlock a store; a helper silent this long is stuck. */
    static final java.time.Duration HELPER_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** Slow registries and proxies answer in seconds; a TCP connect that takes longer than this is not coming. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Time until response headers arrive (the body of a large blob may take longer). */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    /**
     * One request until its response headers, all attempts, retry waits and redirects included: one slow attempt
     * and a retry fit; a registry that never answers costs this once instead of 5 attempts of 2 minutes.
     */
    static final Duration MAX_REQUEST_TIME = Duration.ofMinutes(3);
    /**
     * Longest pause in a response body: registries and CDNs send blob bytes continuously, so a minute of silence
     * is a stalled connection, not a slow one (large blobs may still take hours at a steady trickle).
     */
    static final Duration READ_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Slowest average rate a response body may arrive at once the first {@link #READ_IDLE_TIMEOUT} has passed: the
     * idle timeout alone let a registry send a manifest or token one byte a minute forever. At 10 KiB/s a 4 MiB
     * manifest has 7 minutes and a 256 KiB token half a minute; a blob arriving slower than a 2G modem fails.
     */
    static final long MIN_BODY_BYTES_PER_SECOND = 10 * 1024;
    /** Environment variable (seconds) that overrides {@link #READ_IDLE_TIMEOUT}. */
    static final String READ_IDLE_TIMEOUT_VARIABLE = "WARDEN_REGISTRY_READ_TIMEOUT";
    /** Tokens without expires_in live 60 s per the token spec. */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** Renew tokens this long before they expire so a request does not race the expiry. */
    static final Duration TOKEN_EXPIRY_MARGIN = Duration.ofSeconds(10);
    /** Tags asked for per page; registries cap n themselves (Docker Hub at 100, distribution at 1000 by default). */
    static final int TAGS_PER_PAGE = 1000;
    /** A page of 1000 tags of up to 128 characters is ~130 KiB; 1 MiB allows for padding and nothing else. */
    static final int MAX_TAG_PAGE_BYTES = 1 << 20;
    /** Pages followed before giving up: a registry that keeps saying "next" is looping. */
    static final int MAX_TAG_PAGES = 100;
}
