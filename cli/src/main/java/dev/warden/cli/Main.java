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
        int code = Cli.commandLine(System.out, System.err, args).execute(args);
        if (System.out.checkError()) { // PrintStream swallows write errors: a full disk or a closed pipe must not pass as success
            System.err.println("warden: could not write everything to standard output");
            return code == 0 || code == 1 ? 2 : code;
        }
        return code;
    }
}
