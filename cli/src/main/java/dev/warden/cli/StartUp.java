package dev.warden.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What Warden does to start fast, in one place. A scan is short (about a second on a Debian minbase root), so a cold
 * JVM's own costs (class loading, interpretation, JIT compilation) are most of it. Each measure below was kept because
 * {@code bench/} measured it (docs/architecture.md "Start-up" has the numbers):
 * <ol>
 *   <li><b>The launcher</b> ({@code ./warden}): an AOT cache trained after each build ({@code scripts/train-aot.sh},
 *       {@link AotTraining}, JDK 25+), the serial collector, no perf-data file, and the JIT chosen as
 *       {@code bench/jit.sh} and {@code bench/whole-machine.sh} measured (see the launcher's comment: C1 alone for
 *       small roots, both tiers for images and the whole machine, whose jars' SHA-1 needs C2's intrinsic).</li>
 *   <li><b>One subcommand built</b> ({@link #subcommandsFor}): picocli's model of every command costs more than a
 *       scan's matching, so only the invoked one is added. Which word names it is read past the root's own options,
 *       using the root's picocli model for which of them take a value: nothing is kept by hand.</li>
 *   <li><b>Warm-ups</b>, work a command needs later begun on a daemon thread while the image is read: all of them
 *       are in {@link dev.warden.pipeline.StartUpWork} (its {@code STEPS} list each, in order, with why), which the
 *       commands call and which alone calls the components' {@code prepare} hooks. Nobody waits for a warm-up; a
 *       failure there is met again where the work is really done.</li>
 * </ol>
 */
final class StartUp {
    private StartUp() {}

    /** {@link #subcommandsFor(CommandSpec, String...)} against the root command's model, built here. */
    static List<Class<?>> subcommandsFor(String... args) {
        return subcommandsFor(new CommandLine(new WardenCommand()).getCommandSpec(), args);
    }

    /**
     * The subcommand {@code args} invoke, found past the root's own options ({@code root}'s model says which take a
     * value); none for {@code --version} alone; every subcommand when they name none, ask for {@code help} (which
     * lists them) or name an unknown one (so that picocli's error suggests the right one).
     */
    static List<Class<?>> subcommandsFor(CommandSpec root, String... args) {
        List<String> words = List.of(args);
        if ((words.contains("-V") || words.contains("--version")) && words.stream().allMatch(w -> w.startsWith("-"))
                && !words.contains("-h") && !words.contains("--help")) {
            return List.of();
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-")) {
                OptionSpec option = arg.contains("=") ? null : root.findOption(arg);
                if (option != null && option.arity().max() > 0) {
                    i++; // its value, which may look like a subcommand's name
                }
                continue;
            }
            for (Class<?> type : WardenCommand.SUBCOMMANDS) {
                CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
                if (command.name().equals(arg) || List.of(command.aliases()).contains(arg)) {
                    return type == CommandLine.HelpCommand.class ? WardenCommand.SUBCOMMANDS : List.of(type);
                }
            }
            break;
        }
        return WardenCommand.SUBCOMMANDS;
    }
}
