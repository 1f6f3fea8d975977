package dev.warden.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the launcher's AOT cache (scripts/train-aot.sh): several warden command lines, separated
 * by {@code ---}, run one after the other in one JVM. A JDK 25 cache records a single run, and a run builds only the
 * subcommand it invokes ({@link Cli#subcommandsFor}), so one command would leave the others' classes out of the cache.
 * Prints each command's exit code to stderr and exits 1 when one of them ends in an internal error (3).
 */
public final class AotTraining {
    static final String SEPARATOR = "---";

    private AotTraining() {}

    public static void main(String[] args) {
        int worst = 0;
        for (List<String> command : commands(args)) {
            int code = Main.run(command.toArray(String[]::new));
            System.err.println("aot training: exit " + code + ": warden " + String.join(" ", command));
            worst = Math.max(worst, code);
        }
        System.exit(worst >= Cli.EXIT_INTERNAL ? 1 : 0);
    }

    static List<List<String>> commands(String... args) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(SEPARATOR)) {
                if (!current.isEmpty()) {
                    commands.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        return commands;
    }
}
