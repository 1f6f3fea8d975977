package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SBOM made with {@code --skip-dirs}/{@code --catalogers} records it, and a later {@code scan sbom://} of it (through
 * CycloneDX, then SPDX) still says PARTIAL SBOM: in the report and on stderr, a gate included. The root holds
 * debootstrap's real dpkg database (frozen in catalog's test resources) and an npm package the skip leaves out.
 */
class PartialSbomCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", tmp.resolve("home").toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(tmp.resolve("cache")).run(all.toArray(String[]::new));
    }

    private Path root() throws IOException {
        Path debian = Path.of(System.getProperty("warden.repo.root", "..")).resolve("catalog/src/test/resources/frozen/dpkg-bookworm/root");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(debian.resolve("var/lib/dpkg/status"), root.resolve("var/lib/dpkg/status"));
        Files.copy(debian.resolve("etc/os-release"), root.resolve("etc/os-release"));
        Path pkg = Files.createDirectories(root.resolve("srv/app/node_modules/left-pad"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\":\"left-pad\",\"version\":\"1.3.0\",\"license\":\"WTFPL\"}");
        return root;
    }

    @Test
    void aScanOfAPartialSbomStillSaysItIsPartial() throws IOException {
        Path root = root();
        Path cdx = tmp.resolve("partial.cdx.json");
        Run made = warden("sbom", "fs://" + root, "--skip-dirs", "srv", "--catalogers", "os,npm", "--format", "cyclonedx-json",
                "-o", cdx.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        Path spdx = tmp.resolve("partial.spdx.json");
        Run converted = warden("sbom", "sbom://" + cdx, "--format", "spdx-json", "-o", spdx.toString());
        assertThat(converted.exit()).as(converted.err()).isZero();

        for (Path file : List.of(cdx, spdx)) {
            Run table = warden("scan", "sbom://" + file, "--offline");
            assertThat(table.exit()).as(table.err()).isZero();
            assertThat(table.out()).as(file.toString())
                    .containsPattern("(?m)^WARNING: PARTIAL SBOM: catalogued with --catalogers os,npm --skip-dirs srv,");
            assertThat(table.err()).contains("warning: PARTIAL SBOM: catalogued with --catalogers os,npm --skip-dirs srv");

            JsonNode json = JSON.readTree(warden("scan", "sbom://" + file, "--offline", "--quiet", "--format", "json").out());
            assertThat(json.path("target").path("selection").path("partial").asBoolean()).isTrue();
            assertThat(json.path("target").path("selection").path("skipDirs").get(0).asText()).isEqualTo("srv");

            Run gate = warden("scan", "sbom://" + file, "--offline", "--exit-code", "--allow-sample-db", "--format", "sarif");
            assertThat(gate.err()).as("a gate on a partial SBOM does not pass silently").contains("warning: PARTIAL SBOM");
            assertThat(JSON.readTree(gate.out()).path("runs").get(0).path("properties").path("sbomPartial").asBoolean()).isTrue();
        }
    }

    @Test
    void aWholeSbomSaysNothingOfTheKind() throws IOException {
        Path cdx = tmp.resolve("whole.cdx.json");
        assertThat(warden("sbom", "fs://" + root(), "--format", "cyclonedx-json", "-o", cdx.toString()).exit()).isZero();
        Run table = warden("scan", "sbom://" + cdx, "--offline");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out() + table.err()).doesNotContain("PARTIAL");
    }
}
