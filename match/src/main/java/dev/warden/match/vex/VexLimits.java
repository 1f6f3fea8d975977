package dev.warden.match.vex;

/** Bounds on VEX input: documents come from users, vendors and the network, so every one is hostile until read. */
public final class VexLimits {
    private VexLimits() {}

    /** Largest document read: Red Hat's biggest CSAF VEX files are a few MB; 64 MB leaves room without letting one file exhaust the heap. */
    public static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

    /** Statements from all documents together: a whole distro's VEX feed is ~10^5; more is a mistake or an attack. */
    public static final int MAX_STATEMENTS = 500_000;

    /** JSON nesting: CSAF product trees nest a handful of branch levels; 64 stops depth bombs before the parser's stack does. */
    public static final int MAX_JSON_DEPTH = 64;

    /** Longest single JSON string (impact statements are prose; purls are short). */
    public static final int MAX_STRING_CHARS = 1_000_000;

    /** JSON files read from one directory given to {@code --vex}. */
    public static final int MAX_FILES_PER_DIRECTORY = 10_000;

    /** Products, subcomponents or aliases of one statement (fan-out that multiplies matching work). */
    public static final int MAX_IDS_PER_STATEMENT = 10_000;
}
