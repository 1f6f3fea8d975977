package dev.warden.cli.version;

import picocli.CommandLine.Command;

/** {@code warden version ...}: version ordering per ecosystem. */
@Command(name = "version", description = "Version ordering per ecosystem.",
        subcommands = {VersionCompareCommand.class})
public final class VersionCommand {}
