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

    /**
     * Characters the regular expressions of a user's rules (and allow-lists) may read in one file, summed over every
     * line and rule: a few seconds of one core. java.util.regex backtracks where gitleaks' RE2 does not, so a pattern
     * such as {@code (a+)+$} on a line of 30 a's would otherwise run for hours; past the budget the rest of the file is
     * not scanned and a warning names it.
     */
    public static final long MAX_REGEX_STEPS_PER_FILE = 200_000_000L;

    /** Rules in a secret config file: gitleaks' own default config has 222; ten times more is not a rule set. */
    public static final int MAX_CUSTOM_RULES = 2_000;

    /** Characters of one regular expression: gitleaks' longest default rule is about 750. */
    public static final int MAX_REGEX_CHARS = 8 << 10;

    /** A secret config file: gitleaks' default is about 150 KiB. */
    public static final long MAX_CONFIG_BYTES = 2L << 20;

    /** Entries in one allow-list or keywords of one rule: enough for any real list, bounded for a hostile one. */
    public static final int MAX_LIST_ENTRIES = 5_000;
}
