package dev.warden.cli;

import java.io.Console;

/**
 * {@code --color auto|always|never}. Auto colours only a terminal, and never when NO_COLOR is set to a
 * non-empty value (no-color.org); an explicit {@code always} wins over NO_COLOR, as that convention says a
 * command-line flag should.
 */
enum ColorChoice {
    AUTO, ALWAYS, NEVER;

    boolean enabled(boolean toTerminal, String noColorEnv) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> toTerminal && (noColorEnv == null || noColorEnv.isEmpty());
        };
    }

    /**
     * Whether standard output is a terminal. {@code System.console()} is null when a stream is redirected up
     * to JDK 21; from JDK 22 it may exist anyway and {@code Console.isTerminal()} tells, which the
     * Java 21 bytecode can only reach reflectively.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only when attached to a terminal
        }
    }
}
