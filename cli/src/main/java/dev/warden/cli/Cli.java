package dev.warden.cli;

import dev.warden.core.SafeTextWriter;
import dev.warden.core.WardenException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the picocli command line with Warden's exit codes and error handling. */
public final class Cli {
    /** The check found what --exit-code or a policy asked to fail on. */
    public static final int EXIT_FINDINGS = 1;
    /** Bad input or usage. */
    public static final int EXIT_BAD_INPUT = 2;
    /** A bug in Warden. */
    public static final int EXIT_INTERNAL = 3;

    private Cli() {}

    /** The command line with every subcommand (usage help, tests). */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, (CommandSpec root) -> WardenCommand.SUBCOMMANDS);
    }

    /**
     * The command line for running {@code args}: with only the subcommand they invoke when they name one
     * ({@link StartUp#subcommandsFor}).
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = commandLine(out, err, (CommandSpec root) -> StartUp.subcommandsFor(root, args));
        // after the subcommands are added: picocli hands the provider to those present now
        cl.setDefaultValueProvider(FlagDefaults.load(System.getenv(), FlagDefaults.configArgument(args), Path.of("")));
        return cl;
    }

    private static CommandLine commandLine(PrintStream out, PrintStream err,
            Function<CommandSpec, List<Class<?>>> subcommands) {
        // stderr carries both messages and the progress line: each message erases the line first
        StatusLine status = new StatusLine(err);
        WardenCommand root = new WardenCommand(status);
        CommandLine cl = new CommandLine(root);
        for (Class<?> type : subcommands.apply(cl.getCommandSpec())) {
            cl.addSubcommand(newInstance(type));
        }
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(status.results(out), out.charset()), true));
        // every error and warning line: control characters escaped, length bounded (text from images and feeds)
        cl.setErr(new PrintWriter(new SafeTextWriter(new java.io.OutputStreamWriter(status.messages(), err.charset())), true));
        cl.setHelpFactory(WholeWordHelp.FACTORY);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> CommandTimeout.execute(parsed, root, cl.getErr()));
        cl.setExitCodeExceptionMapper(e -> e instanceof WardenException we ? we.exitCode() : EXIT_INTERNAL);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("warden: " + flagTakesNoValue(ex).orElse(ex.getMessage()));
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
            if (ex instanceof java.nio.file.InvalidPathException invalid) {
                // only arguments become paths from text: a NUL in a file name the user gave is bad input, not a bug
                errw.println("warden: not a valid path: '" + invalid.getInput() + "' (" + invalid.getReason() + ")");
                if (debug) {
                    ex.printStackTrace(errw);
                }
                return EXIT_BAD_INPUT;
            }
            errw.println("warden: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                ex.printStackTrace(errw);
            }
            return EXIT_INTERNAL;
        });
        return cl;
    }

    /**
     * A flag given a value ({@code --exit-code=1}): picocli says "'1' is not a boolean", which reads as if a boolean
     * were wanted; the flag wants nothing (an explicit {@code =true}/{@code =false} stays accepted, as in Trivy's and
     * Grype's flag parsers).
     */
    private static java.util.Optional<String> flagTakesNoValue(CommandLine.ParameterException ex) {
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option && option.arity().max() == 0 && ex.getValue() != null) {
            return java.util.Optional.of(option.longestName() + " takes no value, but was given '" + ex.getValue() + "'; write "
                    + option.longestName() + " alone");
        }
        return java.util.Optional.empty();
    }

    private static Object newInstance(Class<?> type) {
        try {
            return CommandLine.defaultFactory().create(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the command " + type.getName(), e);
        }
    }
}
