package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @Test
    void buildsOnlyTheInvokedSubcommandPastTheRootOptions() {
        assertThat(StartUp.subcommandsFor("scan", "fs:/")).containsExactly(ScanCommand.class);
        assertThat(StartUp.subcommandsFor("cves", "fs:/")).containsExactly(ScanCommand.class);
        assertThat(StartUp.subcommandsFor("-q", "--home", "sbom", "scan")).containsExactly(ScanCommand.class);
        assertThat(StartUp.subcommandsFor("--home=x", "--debug", "db", "status")).containsExactly(DbCommand.class);
        assertThat(StartUp.subcommandsFor("version", "compare")).containsExactly(dev.warden.cli.version.VersionCommand.class);
    }

    /**
     * Which root options take a value comes from picocli's model of the root command: each is tried before a
     * subcommand's name with a value that is itself a subcommand's name, and each flag without a value too.
     */
    @Test
    void everyRootOptionOfTheModelIsSkippedWithItsValue() {
        CommandLine.Model.CommandSpec root = new CommandLine(new WardenCommand()).getCommandSpec();
        int withValue = 0;
        for (CommandLine.Model.OptionSpec option : root.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue; // they answer on their own; covered below
            }
            for (String name : option.names()) {
                if (option.arity().max() > 0) {
                    withValue++;
                    assertThat(StartUp.subcommandsFor(name, "sbom", "scan", "fs:/")).as(name).containsExactly(ScanCommand.class);
                    assertThat(StartUp.subcommandsFor(name + "=sbom", "scan")).as(name).containsExactly(ScanCommand.class);
                } else {
                    assertThat(StartUp.subcommandsFor(name, "scan", "fs:/")).as(name).containsExactly(ScanCommand.class);
                }
            }
        }
        assertThat(withValue).as("--home, --config, --cache-dir, --timeout at least").isGreaterThanOrEqualTo(4);
    }

    @Test
    void versionAloneNeedsNoSubcommand() {
        assertThat(StartUp.subcommandsFor("--version")).isEmpty();
        assertThat(StartUp.subcommandsFor("-q", "-V")).isEmpty();
        assertThat(StartUp.subcommandsFor("--version", "--help")).isEqualTo(WardenCommand.SUBCOMMANDS);
        assertThat(StartUp.subcommandsFor("scan", "--version")).containsExactly(ScanCommand.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Cli.commandLine(print, print, "--version").execute("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("warden ");
    }

    @Test
    void buildsEverySubcommandForHelpNoneOrAnUnknownOne() {
        assertThat(StartUp.subcommandsFor()).isEqualTo(WardenCommand.SUBCOMMANDS);
        assertThat(StartUp.subcommandsFor("--help")).isEqualTo(WardenCommand.SUBCOMMANDS);
        assertThat(StartUp.subcommandsFor("help", "scan")).isEqualTo(WardenCommand.SUBCOMMANDS);
        assertThat(StartUp.subcommandsFor("scna")).isEqualTo(WardenCommand.SUBCOMMANDS);
        assertThat(StartUp.subcommandsFor("--", "scan")).isEqualTo(WardenCommand.SUBCOMMANDS);
    }

    @Test
    void rootUsageStillListsEveryCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = Cli.commandLine(print, print, "--help").execute("--help");
        assertThat(exit).isZero();
        String usage = out.toString(StandardCharsets.UTF_8);
        for (Class<?> type : WardenCommand.SUBCOMMANDS) {
            assertThat(usage).containsPattern("\\n  " + type.getAnnotation(CommandLine.Command.class).name() + "[ ,]");
        }
    }

    @Test
    void helpForOneCommandAndInheritedRootOptionsWork(@TempDir Path home) {
        InProcessWarden warden = new InProcessWarden(home.resolve("cache"));
        InProcessWarden.Run help = warden.run("help", "sbom");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: warden sbom");
        InProcessWarden.Run compare = warden.run("--home", home.toString(), "version", "compare", "--ecosystem", "deb", "1:1.0", "2.0");
        assertThat(compare.exit()).isZero();
        assertThat(compare.out().strip()).isEqualTo(">");
    }

    /** Every command and group answers --help; a bare group lists its subcommands; 'warden version' is the version. */
    @Test
    void everyCommandAndGroupTakesHelpAndVersionPrintsTheVersion(@TempDir Path home) {
        InProcessWarden warden = new InProcessWarden(home.resolve("cache"));
        for (Class<?> type : WardenCommand.SUBCOMMANDS) {
            String name = type.getAnnotation(CommandLine.Command.class).name();
            if (name.equals("help")) {
                continue;
            }
            InProcessWarden.Run help = warden.run(name, "--help");
            assertThat(help.exit()).as(name + " --help: " + help.err()).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: warden " + name);
            for (Class<?> sub : type.getAnnotation(CommandLine.Command.class).subcommands()) {
                String subName = sub.getAnnotation(CommandLine.Command.class).name();
                InProcessWarden.Run subHelp = warden.run(name, subName, "--help");
                assertThat(subHelp.exit()).as(name + " " + subName + " --help: " + subHelp.err()).isZero();
            }
        }
        InProcessWarden.Run bare = warden.run("image");
        assertThat(bare.exit()).as(bare.err()).isZero();
        assertThat(bare.out()).contains("inspect");
        InProcessWarden.Run version = warden.run("version");
        InProcessWarden.Run dashVersion = warden.run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).isNotBlank().isEqualTo(dashVersion.out());
    }
}
