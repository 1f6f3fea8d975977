package dev.warden.server.console;

/** A console request that cannot be answered with its page: shown as an error page with this status and line. */
public final class ConsoleProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ConsoleProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ConsoleProblem notFound(String message) {
        return new ConsoleProblem(404, message);
    }

    public static ConsoleProblem badRequest(String message) {
        return new ConsoleProblem(400, message);
    }
}
