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
        int code;
        try {
            code = Cli.commandLine(System.out, System.err, args).execute(args);
        } catch (dev.warden.core.WardenException e) { // a config file that cannot be read, before any command runs
            System.err.println("warden: " + e.getMessage());
            return e.exitCode();
        }
        if (System.out.checkError()) { // PrintStream swallows write errors: a full disk must not pass as success
            if (stdoutIsPipe()) {
                // '| head' closed the pipe once it had what it wanted: the reader chose to stop, nothing was lost that
                // anyone reads, and every peer (grep, trivy, jq) ends quietly with the command's own code
                return code;
            }
            System.err.println("warden: could not write everything to standard output");
            return code == 0 || code == 1 ? 2 : code;
        }
        return code;
    }

    /** Standard output is a pipe, on whose only write error (the reader closed it) a command ends quietly. */
    private static boolean stdoutIsPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false; // not Linux: keep the error, which is the safe side
        }
    }
}
