package dev.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden vex create|merge|list|propose}: write OpenVEX, merge VEX documents, see which statements still apply, and propose statements to a server's VEX desk. */
@Command(name = "vex", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden vex list oci-dir://target/demo/oci:bookworm --vex target/zlib.vex.json",
                  "  warden vex merge target/vex/ -o target/merged.vex.json"},
        description = "Write OpenVEX statements, merge VEX documents, check which statements apply to an image, and propose statements to a server's VEX desk.",
        subcommands = {VexCreateCommand.class, VexMergeCommand.class, VexListCommand.class, VexProposeCommand.class})
final class VexCommand extends CommandGroup {}
