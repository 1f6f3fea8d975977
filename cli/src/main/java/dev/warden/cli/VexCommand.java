package dev.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden vex create|merge|list}: write OpenVEX, merge VEX documents, and see which statements still apply. */
@Command(name = "vex", mixinStandardHelpOptions = true,
        description = "Write OpenVEX statements, merge VEX documents, and check which statements apply to an image.",
        subcommands = {VexCreateCommand.class, VexMergeCommand.class, VexListCommand.class})
final class VexCommand extends CommandGroup {}
