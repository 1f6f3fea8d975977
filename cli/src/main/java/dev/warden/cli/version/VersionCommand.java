package dev.warden.cli.version;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code warden version}: Warden's version, as {@code warden --version} and every peer's {@code version} command print
 * it; {@code warden version compare ...} orders versions per ecosystem.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden version",
                  "  warden version compare -e deb 1.2-1 1.10-1"},
        description = {"Print Warden's version (the same as 'warden --version').",
                "'warden version compare' orders versions per ecosystem."},
        subcommands = {VersionCompareCommand.class})
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : spec.root().version()) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
