package dev.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden image ...}: commands about the image itself, before any package analysis. */
@Command(name = "image", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden image inspect alpine:3.19"}, description = "Inspect container images.",
        subcommands = {ImageInspectCommand.class})
final class ImageCommand extends CommandGroup {}
