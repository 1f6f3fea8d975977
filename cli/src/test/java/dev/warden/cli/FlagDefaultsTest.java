package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line over WARDEN_<FLAG> over the config file over the built-in default, through picocli's own parser. */
class FlagDefaultsTest {
    @TempDir
    Path dir;

    private static ScanCommand parse(FlagDefaults defaults, String... args) {
        CommandLine cl = new CommandLine(new WardenCommand());
        cl.addSubcommand(new ScanCommand());
        cl.setDefaultValueProvider(defaults);
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return (ScanCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void commandLineThenEnvironmentThenFileThenDefault() throws Exception {
        Path config = Files.writeString(dir.resolve("team.yaml"), """
                format: json
                exit-code: true
                severity: [critical, high]
                only-fixed: false
                """);
        ScanCommand fromFile = parse(FlagDefaults.load(Map.of(), config, dir), "scan", "fs:///srv");
        assertThat(fromFile.format).isEqualTo("json");
        assertThat(fromFile.exitCode).isTrue();
        assertThat(fromFile.severities).containsExactly("critical", "high");
        assertThat(fromFile.showSuppressed).isFalse(); // not in the file: the built-in default

        FlagDefaults withEnv = FlagDefaults.load(Map.of("WARDEN_FORMAT", "sarif", "WARDEN_SHOW_SUPPRESSED", "true"), config, dir);
        ScanCommand env = parse(withEnv, "scan", "fs:///srv");
        assertThat(env.format).isEqualTo("sarif");
        assertThat(env.showSuppressed).isTrue();
        assertThat(parse(withEnv, "scan", "fs:///srv", "--format", "table").format).isEqualTo("table");
    }

    @Test
    void wardenYamlInTheWorkingDirectoryIsReadWhenNoConfigIsNamed() throws Exception {
        assertThat(parse(FlagDefaults.load(Map.of(), null, dir), "scan", "fs:///srv").format).isEqualTo("table");
        Files.writeString(dir.resolve(FlagDefaults.DEFAULT_FILE), "format: markdown\n");
        assertThat(parse(FlagDefaults.load(Map.of(), null, dir), "scan", "fs:///srv").format).isEqualTo("markdown");
        assertThat(FlagDefaults.configArgument("--config", "a.yaml", "scan")).isEqualTo(Path.of("a.yaml"));
        assertThat(FlagDefaults.configArgument("scan", "--config=b.yaml")).isEqualTo(Path.of("b.yaml"));
        assertThat(FlagDefaults.configArgument("scan", "--", "--config", "c")).isNull();
    }

    @Test
    void aMissingOrMalformedConfigIsOneLineAndExitTwo() throws Exception {
        assertThatThrownBy(() -> FlagDefaults.load(Map.of(), dir.resolve("none.yaml"), dir)).isInstanceOf(WardenException.class)
                .hasMessageContaining("none.yaml: no such file");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- format\n- json\n");
        assertThatThrownBy(() -> FlagDefaults.load(Map.of(), list, dir)).isInstanceOf(WardenException.class)
                .hasMessageContaining("a YAML mapping");
        InProcessWarden.Run run = new InProcessWarden(dir.resolve("cache")).run("--config", dir.resolve("none.yaml").toString(),
                "version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("warden: config file");
    }

    @Test
    void theConfigFlagItselfTakesNoDefault() {
        assertThat(parse(FlagDefaults.load(Map.of("WARDEN_CONFIG", "x.yaml", "WARDEN_HELP", "true"), null, dir), "scan", "fs:///")
                .spec.commandLine().isUsageHelpRequested()).isFalse();
    }
}
