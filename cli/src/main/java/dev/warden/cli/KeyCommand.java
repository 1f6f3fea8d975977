package dev.warden.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden key generate}: signing keys in cosign's format. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Make signing keys (ECDSA P-256 in cosign's file format).",
        subcommands = {KeyGenerateCommand.class})
final class KeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
