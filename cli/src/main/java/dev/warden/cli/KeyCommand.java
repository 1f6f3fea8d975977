package dev.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden key generate}: signing keys in cosign's format. */
@Command(name = "key", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden key generate --output-key-prefix target/cosign"},
        description = "Make signing keys (ECDSA P-256 in cosign's file format).",
        subcommands = {KeyGenerateCommand.class})
final class KeyCommand extends CommandGroup {
}
