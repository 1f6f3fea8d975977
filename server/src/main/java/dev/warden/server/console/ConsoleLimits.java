package dev.warden.server.console;

import java.time.Duration;

/** The console's limits and lifetimes, each with its reason. */
public final class ConsoleLimits {
    private ConsoleLimits() {}

    /**
     * A session not used for this long is over: a console left open on an unattended screen stops working within
     * the half hour, as OWASP's session guidance suggests for applications that change security decisions.
     */
    public static final Duration SESSION_IDLE = Duration.ofMinutes(30);
    /** However busy, a session lasts at most a working day; then the token is asked for again. */
    public static final Duration SESSION_ABSOLUTE = Duration.ofHours(12);
    /**
     * last_seen is written at most this often: every page view writing a row would make reads write; the idle expiry
     * is then exact to within this much.
     */
    public static final Duration SESSION_TOUCH = Duration.ofMinutes(1);
    /** A console form is a few fields (a token, a name, a comment); anything larger is not ours. */
    public static final int MAX_FORM_BYTES = 64 * 1024;
    /** Rows on one page of a listing; the rest through the next/previous links. */
    public static final int PAGE_ROWS = 50;
    /** The filter boxes: longer text cannot name a repository, tag or digest (OCI's own limits are 255 and 128). */
    public static final int MAX_FILTER_CHARS = 255;
    /** Images read to apply a filter SQL cannot (a policy's status inside the stored results); beyond it the page says so. */
    public static final int MAX_IMAGES_FILTERED = 10_000;
    /** Packages shown on an image page; a JDK image lists thousands of jars, the SBOM download has them all. */
    public static final int MAX_PACKAGES_SHOWN = 2_000;
    /** Findings shown on an image page; the reports have them all. */
    public static final int MAX_FINDINGS_SHOWN = 2_000;
    /** Days of history in the overview's trend chart and points in an image's score history. */
    public static final int TREND_DAYS = 30;
    public static final int HISTORY_POINTS = 60;
}
