package dev.warden.server;

/** The server's limits against hostile or mistaken clients, each with its reason. */
public final class ServerLimits {
    private ServerLimits() {}

    /**
     * A push carries the SBOM and the image facts, never layers. Real SBOMs of large images are tens of MB of JSON
     * (a JDK image with every jar's classes listed stays under 30 MB); 64 MiB leaves room and bounds the memory a
     * request can take (the body is read whole to be parsed).
     */
    public static final long MAX_PUSH_BYTES = 64L * 1024 * 1024;
    /** Policy files are small YAML; the policy module refuses larger ones anyway (PolicyLimits). */
    public static final long MAX_POLICY_BYTES = 1024L * 1024;
    /** A VEX document posted at once: a team's whole OpenVEX file stays well under this. */
    public static final long MAX_VEX_BYTES = 8L * 1024 * 1024;
    /** Any other body (token requests...). */
    public static final long MAX_SMALL_BODY_BYTES = 64L * 1024;
    /** The largest body Jetty accepts at all: the largest of the above. */
    public static final long MAX_REQUEST_BYTES = MAX_PUSH_BYTES;
    /** Pages: a client asking for more gets this many; the default keeps responses quick. */
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** Tags given with one push. */
    public static final int MAX_TAGS_PER_PUSH = 64;
    /** Repository and tag names: OCI's own limits are 255 (repository path component) and 128 (tag). */
    public static final int MAX_NAME_CHARS = 255;
    /** SIGTERM: how long in-flight requests get to finish before the server stops anyway. */
    public static final long SHUTDOWN_GRACE_MILLIS = 30_000;
    /** How long a request waits for a database connection (PostgreSQL restarting) before failing with 503. */
    public static final long DATABASE_WAIT_MILLIS = 5_000;
    /** A proposal's free texts (impact and action statements, decision comments): a paragraph or two, never a document. */
    public static final int MAX_VEX_TEXT_CHARS = 8_000;
    /** Vulnerability ids (CVE, GHSA, ...) are short; this refuses garbage before it reaches the store. */
    public static final int MAX_VULNERABILITY_ID_CHARS = 256;
    /** Products and subcomponents named by one proposal: a finding names one image and one package. */
    public static final int MAX_VEX_PRODUCTS = 32;
    /** How far away a review date may be: a justification is looked at again at least every two years. */
    public static final int MAX_REVIEW_DAYS = 731;
    /** How often the server looks for approved statements past their review date (they stop applying at once anyway). */
    public static final long REVIEW_SWEEP_SECONDS = 60;
    /**
     * A policy preview judges each stored image twice in the request; past this many (newest first) it stops and says
     * how many it left out, so one preview cannot hold a request for an hour on a large repository.
     */
    public static final int MAX_PREVIEW_IMAGES = 2_000;
}
