package dev.warden.cli;

import picocli.CommandLine;

/** Entry point of the {@code warden} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used by tests to run the CLI in-process. */
    public static int run(String... args) {
        return Cli.commandLine(System.out, System.err).execute(args);
    }
}
