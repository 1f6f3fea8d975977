package dev.warden.policy;

/** Every limit of the policy module in one place, each with its reason. */
final class PolicyLimits {

    /** A policy file is hand-written and small; a bigger one is not a policy file. */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** More policies than anyone reviews; bounds the work per scan. */
    static final int MAX_POLICIES = 200;

    /** Candidate base images a file may list; each is read from its source, so the list stays short. */
    static final int MAX_BASE_IMAGES = 64;

    /** Each trusted key is checked against every attestation of the image; a handful of signers is the real case. */
    static final int MAX_TRUSTED_KEYS = 32;

    /** A history step is quoted in a violation up to this many characters: enough to see the command, not a script. */
    static final int MAX_HISTORY_TEXT = 200;

    /** YAML aliases can expand a small file into a huge tree (billion laughs); policy files need none of them. */
    static final int MAX_ALIASES = 10;

    /** The format is three levels deep; deeper nesting is not a policy file and must not exhaust the stack. */
    static final int MAX_NESTING = 20;

    /** A policy rule is a line or two; a longer one is a mistake, and CEL parses it in memory in one go. */
    static final int MAX_RULE_CHARS = 4_096;

    /** Bounds one evaluation: nested comprehensions over thousands of packages could otherwise run for minutes. */
    static final int MAX_COMPREHENSION_ITERATIONS = 5_000_000;

    /** Offending items listed per rule; the rest are counted. A PR comment with thousands of lines helps no one. */
    static final int MAX_LISTED_ITEMS = 100;

    /**
     * Expression steps one custom rule may take on one image, every evaluation counted (the first, and the
     * re-evaluations that find whom to blame): about two seconds of CPU on a laptop core. The per-evaluation
     * iteration limit alone let a 4 KB rule re-evaluated for 20,000 packages run for hours; over this budget the rule
     * has no data.
     */
    static final long MAX_RULE_STEPS = 20_000_000L;

    /** Single-item re-evaluations per rule to find the offenders, so a huge SBOM cannot make listing slow. */
    static final int MAX_PROBES = 20_000;

    /** Highest weight one policy may carry: Scout's largest is 20; more would let one rule swamp the score. */
    static final int MAX_WEIGHT = 100;

    private PolicyLimits() {}
}
