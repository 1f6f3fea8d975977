package dev.warden.server;

/**
 * An error answered as RFC 9457 problem details: {@code type} names the kind of problem (a URN of ours, or
 * {@code about:blank} for plain HTTP statuses), {@code detail} says what was wrong with this request in one line.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String type;
    private final String title;

    public ApiProblem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = slug == null ? "about:blank" : "urn:warden:problem:" + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "not-found", "Not Found", what);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad Request", detail);
    }
}
