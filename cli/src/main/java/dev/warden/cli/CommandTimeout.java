package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.pipeline.HeadStart;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code --timeout DURATION} (Trivy's flag): the whole command, however many requests, layers and advisories it
 * handles, ends after DURATION with one line and exit 2. Per-request bounds (docs/registries.md) stop one stuck
 * request; this stops a command that makes progress too slowly to finish, as a CI job's time limit would, but with a
 * message instead of a kill. The command runs on a daemon thread so that the caller can return when the time is up;
 * nothing it writes is lost or torn (output files and database imports are written atomically), and the JVM exits
 * with the returned code.
 */
final class CommandTimeout {
    /** Go-style durations as Trivy takes them ("90s", "5m", "1h30m", "500ms"); at least one part. */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,7})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,12})ms)?");

    private CommandTimeout() {}

    /** Reads a DURATION; a malformed or zero one is a {@link WardenException} naming it. */
    static Duration parse(String text) {
        return parse(text, "--timeout");
    }

    /** Reads the DURATION of {@code option}; a malformed or zero one is a {@link WardenException} naming both. */
    static Duration parse(String text, String option) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (text == null || text.isBlank() || !m.matches()) {
            throw new WardenException(option + " '" + text + "': expected a duration such as 90s, 5m or 1h30m");
        }
        Duration d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3)).plusMillis(part(m, 4));
        if (d.isZero()) {
            throw new WardenException(option + " '" + text + "': must be longer than zero");
        }
        return d;
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** Runs the parsed command line, bounded by the root's --timeout when one is given. */
    static int execute(CommandLine.ParseResult parsed, WardenCommand root, PrintWriter err) {
        try {
            return executeBounded(parsed, root, err);
        } finally {
            root.endProgress(); // before picocli prints an error: the line is gone when the message shows
        }
    }

    private static int executeBounded(CommandLine.ParseResult parsed, WardenCommand root, PrintWriter err) {
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        if (root.timeout == null) {
            return run.execute(parsed);
        }
        Duration limit;
        try {
            limit = parse(root.timeout);
        } catch (WardenException e) {
            err.println("warden: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        ExecutorService executor = HeadStart.daemonThread("warden-command");
        try {
            Future<Integer> command = executor.submit(() -> run.execute(parsed));
            try {
                return command.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                command.cancel(true);
                err.println("warden: stopped after --timeout " + root.timeout + ": the command had not finished (raise "
                        + "--timeout, or leave paths out with --skip-dirs); nothing half-written is left");
                err.flush();
                return Cli.EXIT_BAD_INPUT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Cli.EXIT_INTERNAL;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re; // picocli's own handlers map it, as without --timeout
                }
                throw new IllegalStateException(e.getCause());
            }
        } finally {
            executor.shutdown();
        }
    }
}
