package dev.warden.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top-level {@code warden} command; subcommands ({@link #SUBCOMMANDS}) do the work. */
@Command(name = "warden",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Analyse container images: SBOM, vulnerabilities, VEX, policies.",
        footer = {"", "Exit codes: 0 ok, 1 findings (with --exit-code or a policy), 2 bad input or usage, 3 internal error."})
public final class WardenCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order usage help lists them. They are added by {@link Cli#commandLine}, which builds
     * only the one a command line invokes ({@link StartUp}): picocli's model of every command costs more start-up time than a scan's
     * matching does.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            ImageCommand.class,
            SbomCommand.class,
            dev.warden.cli.version.VersionCommand.class,
            DbCommand.class,
            ScanCommand.class,
            VexCommand.class,
            CompareCommand.class,
            PolicyCommand.class,
            QuickviewCommand.class,
            RecommendationsCommand.class,
            ServeCommand.class,
            ServerCommand.class,
            PushCommand.class,
            KeyCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            AttestCommand.class,
            VerifyAttestationCommand.class,
            SubmitCommand.class,
            IntakeCommand.class,
            CacheCommand.class);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces for errors.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "No progress, warnings or summary lines on stderr; errors still show.")
    boolean quiet;

    @Option(names = "--no-progress", scope = CommandLine.ScopeType.INHERIT,
            description = "No progress display (on a terminal a line rewritten in place; elsewhere a line every 10 s); "
                    + "warnings still show.")
    boolean noProgress;

    /** Stderr's progress line, shared with the command's messages. */
    private final StatusLine status;
    private ProgressCounters progress;
    private ProgressDisplay display;

    /** For picocli's usage help alone. */
    public WardenCommand() {
        this(new StatusLine(System.err));
    }

    WardenCommand(StatusLine status) {
        this.status = status;
    }

    @Option(names = "--home", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "Warden's data folder (default: $WARDEN_HOME or ~/.warden).")
    Path home;

    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Flag values not given on the command line (default: ./warden.yaml when present); "
                    + "WARDEN_<FLAG> environment variables win over it (docs/config.md).")
    Path config;

    @Option(names = "--cache-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "Blob cache (default: $WARDEN_CACHE or ~/.cache/warden).")
    Path cacheDir;

    @Option(names = "--timeout", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DURATION",
            description = "Stop the whole command after DURATION (e.g. 90s, 5m, 1h30m) with one line and exit 2 (default: none).")
    String timeout;

    boolean debug() {
        return debug;
    }

    boolean quiet() {
        return quiet;
    }

    /**
     * Where this command's long work reports how far it got: counters shown on stderr from the first call on
     * (unless --quiet or --no-progress) until {@link #endProgress}.
     */
    synchronized ProgressCounters progress() {
        if (progress == null) {
            progress = new ProgressCounters();
            if (!quiet && !noProgress) {
                display = ProgressDisplay.start(progress, status, System.getenv());
            }
        }
        return progress;
    }

    /** Stops the display and erases its line; called when the command ends, however it ends. */
    synchronized void endProgress() {
        if (display != null) {
            display.close();
            display = null;
        }
    }

    Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("WARDEN_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".warden");
    }

    Path cacheDir() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String env = System.getenv("WARDEN_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "warden");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
