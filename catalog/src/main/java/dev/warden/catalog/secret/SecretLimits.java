package dev.warden.catalog.secret;

/**
 * Limits that keep secret scanning cheap and safe on attacker-written files. Each has its reason; a file that
 * crosses one is skipped or cut short, and the scan goes on.
 */
public final class SecretLimits {
    private SecretLimits() {}

    /** Files larger than this are not scanned: config and credential files are small, big files are data (Trivy: 10 MB). */
    public static final long MAX_FILE_BYTES = 10L << 20;

    /** A NUL byte in the first 8 KiB makes a file binary (git's and grep's test): its strings are not config. */
    public static final int BINARY_PROBE_BYTES = 8 << 10;

    /**
     * A line longer than this is scanned in pieces of this size, overlapping by {@link #CHUNK_OVERLAP_BYTES}, so
     * one huge line (minified JavaScript, a hostile file) costs no more memory than this.
     */
    public static final int MAX_CHUNK_BYTES = 64 << 10;

    /** Longer than any token a rule matches (the longest, PyPI and Slack, stay under 1 KiB): none is cut in two. */
    public static final int CHUNK_OVERLAP_BYTES = 2 << 10;

    /** Findings kept per file: a file with more is a key dump or test data, and listing all helps no one. */
    public static final int MAX_FINDINGS_PER_FILE = 20;

    /** Findings kept per image, so reports stay readable and bounded; the rest are counted in a warning. */
    public static final int MAX_FINDINGS_PER_IMAGE = 500;

    /** Lines after a private key's BEGIN line searched for its base64 body (PEM headers such as Proc-Type come first). */
    public static final int PRIVATE_KEY_LOOKAHEAD_LINES = 4;
}
