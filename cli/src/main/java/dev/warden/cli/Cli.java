package dev.warden.cli;

import dev.warden.core.WardenException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the picocli command line with Warden's exit codes and error handling. */
public final class Cli {
    /** The check found what --exit-code or a policy asked to fail on. */
    public static final int EXIT_FINDINGS = 1;
    /** Bad input or usage. */
    public static final int EXIT_BAD_INPUT = 2;
    /** A bug in Warden. */
    public static final int EXIT_INTERNAL = 3;

    private Cli() {}

    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        WardenCommand root = new WardenCommand();
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof WardenException we ? we.exitCode() : EXIT_INTERNAL);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("warden: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean debug = root.debug();
            PrintWriter errw = c.getErr();
            if (ex instanceof WardenException we) {
                errw.println("warden: " + we.getMessage());
                if (debug) {
                    we.printStackTrace(errw);
                }
                return we.exitCode();
            }
            errw.println("warden: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                ex.printStackTrace(errw);
            }
            return EXIT_INTERNAL;
        });
        return cl;
    }
}
