package dev.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden cache status|clean}: what Warden keeps under its cache folder, and emptying it. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden cache status", "  warden cache clean --cache-dir /tmp/wc"},
        description = "See and empty the cache folder (--cache-dir, $WARDEN_CACHE, ~/.cache/warden).",
        subcommands = {CacheStatusCommand.class, CacheCleanCommand.class})
final class CacheCommand extends CommandGroup {}
