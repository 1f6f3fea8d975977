package dev.warden.core;

/**
 * A problem the user can cause and fix: bad input, a refused image, an unreachable registry.
 * The CLI prints {@link #getMessage()} as one line and exits with {@link #exitCode()}; anything
 * else that escapes is a bug (exit 3).
 */
public class WardenException extends RuntimeException {
    /** Exit code for bad input or usage. */
    public static final int BAD_INPUT = 2;

    private final int exitCode;

    public WardenException(String message) {
        this(message, null);
    }

    public WardenException(String message, Throwable cause) {
        this(message, cause, BAD_INPUT);
    }

    public WardenException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
