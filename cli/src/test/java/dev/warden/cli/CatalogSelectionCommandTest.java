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
    void syftsTagsNamesAndExclusionsChooseTheSameCatalogers() throws IOException {
        // Syft's --select-catalogers words: ecosystem tags, full cataloger names, and -NAME to leave one out
        assertThat(types(warden("--catalogers", "javascript"))).containsExactly("npm");
        assertThat(types(warden("--catalogers", "debian"))).containsExactly("deb");
        assertThat(types(warden("--catalogers", "dpkg-db-cataloger"))).containsExactly("deb");
        assertThat(types(warden("--catalogers", "javascript-package-cataloger,dpkg"))).containsExactly("deb", "npm");
        assertThat(types(warden("--catalogers", "javascript-lock-cataloger,dpkg"))).containsExactly("deb"); // no lock here
        assertThat(types(warden("--catalogers", "-javascript"))).containsExactly("deb");
        // a list that starts with all: picocli would read "--catalogers -os" as its -o option
        assertThat(types(warden("--catalogers", "all,-os"))).containsExactly("npm");
        assertThat(types(warden("--catalogers", "os,npm,-dpkg"))).containsExactly("npm");
    }

    @Test
    void aDoubleStarElementAlsoMatchesNoDirectoryAsInTrivy() throws IOException {
        // Trivy's globs are Go's doublestar: **/node_modules matches a node_modules at the root too (the JDK's ** needs one)
        Path top = Files.createDirectories(root.resolve("node_modules/is-odd"));
        Files.writeString(top.resolve("package.json"), "{\"name\":\"is-odd\",\"version\":\"3.0.1\",\"license\":\"MIT\"}");
        assertThat(count(warden(), "npm")).isEqualTo(2);
        Run anyDepth = warden("--skip-dirs", "**/node_modules");
        assertThat(types(anyDepth)).containsExactly("deb");
        Run between = warden("--skip-files", "srv/**/node_modules/**/package.json");
        assertThat(count(between, "npm")).isEqualTo(1);
        Run jsonAnywhere = warden("--skip-files", "**/package.json");
        assertThat(types(jsonAnywhere)).containsExactly("deb");
    }

    @Test
    void globsAreCleanedAsTrivyCleansThem() throws IOException {
        // Trivy's own examples write ./testdata/*: a leading ./, . elements and a trailing / do not count
        assertThat(types(warden("--skip-dirs", "./srv/app"))).containsExactly("deb");
        assertThat(types(warden("--skip-dirs", "srv/./app/"))).containsExactly("deb");
        assertThat(types(warden("--skip-dirs", "./srv/*"))).containsExactly("deb");
        assertThat(types(warden("--skip-files", "//var/lib/dpkg/../dpkg/status"))).containsExactly("npm");
    }

    @Test
    void aRootFilesystemTakesThisMachinesPathsUnderItAsTrivysFsDoes() throws IOException {
        // trivy fs --skip-dirs $PWD/app/node_modules $PWD/app: an absolute path under the scanned folder is from it
        assertThat(types(warden("--skip-dirs", root + "/srv/app"))).containsExactly("deb");
        assertThat(types(warden("--skip-files", root.toAbsolutePath() + "/srv/app/node_modules/*/package.json"))).containsExactly("deb");
        // an absolute path outside it is from the root, as for an image
        assertThat(types(warden("--skip-dirs", "/srv/app"))).containsExactly("deb");
        assertThat(types(warden("--skip-dirs", tmp.resolve("elsewhere") + "/srv/app"))).containsExactly("deb", "npm");
    }

    @Test
    void anSbomSourceSaysTheSelectionDoesNotApplyToIt() throws IOException {
        Path sbom = tmp.resolve("root.json");
        Files.writeString(sbom, warden().out());
        Run all = new InProcessWarden(tmp.resolve("cache")).run("sbom", "sbom://" + sbom, "--format", "json");
        Run os = new InProcessWarden(tmp.resolve("cache")).run("sbom", "sbom://" + sbom, "--format", "json", "--catalogers", "os",
                "--skip-dirs", "/srv");
        assertThat(types(os)).containsExactly("deb", "npm");
        assertThat(count(os, "npm")).isEqualTo(count(all, "npm"));
        assertThat(all.err()).doesNotContain("do not apply");
        assertThat(os.err()).contains("sbom://" + sbom + ": --catalogers, --skip-dirs and --skip-files do not apply to an SBOM");
    }

    @Test
    void anUnknownCatalogerOrABadGlobIsOneLineAndExit2() {
        Run unknown = warden("--catalogers", "cobol");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().asString()
                .startsWith("warden: --catalogers: unknown cataloger 'cobol' (known: all, os, language, dpkg");
        Run glob = warden("--skip-files", "[a-");
        assertThat(glob.exit()).isEqualTo(2);
        assertThat(glob.err().lines().toList()).singleElement().asString().startsWith("warden: --skip-files: not a glob: '[a-'");
    }
}
