package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Go binary cataloger against {@code go version -m}, on a small stripped Go binary the real toolchain built, frozen
 * with the tool's output (test resources frozen/go-binary, made by its make.sh): the default build compares with the
 * frozen output, the live build also asks today's go whether the frozen output is still what it says.
 */
class GoVersionFrozenTest {
    private static final Path FIXTURE = Path.of("src/test/resources/frozen/go-binary").toAbsolutePath();

    @Test
    void modulesToolchainAndBuildSettingsAreWhatGoVersionMSaid() throws Exception {
        GoBinaryCatalogerTest.Reference expected = frozen();
        Path app = FIXTURE.resolve("app");
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), app);
        assertThat(result.warnings()).isEmpty();
        assertThat(GoBinaryCatalogerTest.found(result, app)).isEqualTo(expected.modules())
                .contains("example.com/frozen@(devel)", "example.com/alpha@v1.2.3", "example.com/beta@v0.4.0");
        Package main = result.packages().stream().filter(p -> "frozen".equals(p.name())).findFirst().orElseThrow();
        assertThat(main.properties()).containsEntry("warden:go-main-module", "true")
                .containsEntry("warden:go-toolchain", expected.goVersion());
        expected.settings().forEach((k, v) -> assertThat(main.properties()).containsEntry("warden:go-build:" + k, v));
    }

    @Test
    @Tag("live") // runs go
    void theFrozenOutputIsStillWhatGoVersionMSays() throws Exception {
        String today = Tools.run(FIXTURE, "go", "version", "-m", "app");
        assertThat(today).as("go version -m app; if it changed, run make.sh again")
                .isEqualTo(Files.readString(FIXTURE.resolve("go-version-m.txt")));
    }

    private static GoBinaryCatalogerTest.Reference frozen() throws Exception {
        Map<String, GoBinaryCatalogerTest.Reference> all =
                GoBinaryCatalogerTest.goVersionMAll(Files.readString(FIXTURE.resolve("go-version-m.txt")));
        assertThat(all).containsOnlyKeys("app");
        return all.get("app");
    }
}
