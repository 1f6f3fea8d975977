package dev.warden.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden vex create|merge|list}: write OpenVEX, merge VEX documents, and see which statements still apply. */
@Command(name = "vex", mixinStandardHelpOptions = true,
        description = "Write OpenVEX statements, merge VEX documents, and check which statements apply to an image.",
        subcommands = {VexCreateCommand.class, VexMergeCommand.class, VexListCommand.class})
final class VexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
