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
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --catalogers}, {@code --skip-dirs}, {@code --skip-files} on a root made of debootstrap's real dpkg database
 * and os-release plus an npm package under node_modules.
 */
class CatalogSelectionCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        // a real bookworm minbase package database, frozen in catalog's test resources (see its README)
        Path debian = Path.of(System.getProperty("warden.repo.root", "..")).resolve("catalog/src/test/resources/frozen/dpkg-bookworm/root");
        root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(debian.resolve("var/lib/dpkg/status"), root.resolve("var/lib/dpkg/status"));
        Files.copy(debian.resolve("etc/os-release"), root.resolve("etc/os-release"));
        Path pkg = Files.createDirectories(root.resolve("srv/app/node_modules/left-pad"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\":\"left-pad\",\"version\":\"1.3.0\",\"license\":\"WTFPL\"}");
    }

    private Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("sbom", "fs://" + root, "--format", "json"));
        all.addAll(List.of(args));
        return new InProcessWarden(tmp.resolve("cache")).run(all.toArray(String[]::new));
    }

    /** The package types found, and whether left-pad is among them. */
    private static TreeSet<String> types(Run run) throws IOException {
        assertThat(run.exit()).as(run.err()).isZero();
        TreeSet<String> types = new TreeSet<>();
        JSON.readTree(run.out()).path("packages").forEach(p -> types.add(p.path("type").asText()));
        return types;
    }

    private static long count(Run run, String type) throws IOException {
        long n = 0;
        for (JsonNode p : JSON.readTree(run.out()).path("packages")) {
            n += p.path("type").asText().equals(type) ? 1 : 0;
        }
        return n;
    }

    @Test
    void catalogersChooseWhichEcosystemsAreCatalogued() throws IOException {
        Run all = warden();
        assertThat(types(all)).containsExactly("deb", "npm");
        long debs = count(all, "deb");
        assertThat(debs).isGreaterThan(50);

        Run npm = warden("--catalogers", "npm");
        assertThat(types(npm)).containsExactly("npm");
        Run os = warden("--catalogers", "os");
        assertThat(types(os)).containsExactly("deb");
        assertThat(count(os, "deb")).isEqualTo(debs);
        Run both = warden("--catalogers", "dpkg,npm-package");
        assertThat(types(both)).containsExactly("deb", "npm");
    }

    @Test
    void skippedDirectoriesAndFilesAreNotCatalogued() throws IOException {
        Run noModules = warden("--skip-dirs", "**/node_modules");
        assertThat(types(noModules)).containsExactly("deb");
        Run noApp = warden("--skip-dirs", "/srv/app");
        assertThat(types(noApp)).containsExactly("deb");
        Run noStatus = warden("--skip-files", "var/lib/dpkg/status");
        assertThat(types(noStatus)).containsExactly("npm");
        Run unrelated = warden("--skip-dirs", "/usr/share/doc", "--skip-files", "**/*.jar");
        assertThat(types(unrelated)).containsExactly("deb", "npm");
    }

    @Test
    void anUnknownCatalogerOrABadGlobIsOneLineAndExit2() {
        Run unknown = warden("--catalogers", "cobol");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().asString()
                .startsWith("warden: --catalogers: unknown cataloger 'cobol' (known: os, language, dpkg");
        Run glob = warden("--skip-files", "[a-");
        assertThat(glob.exit()).isEqualTo(2);
        assertThat(glob.err().lines().toList()).singleElement().asString().startsWith("warden: --skip-files: not a glob: '[a-'");
    }
}
