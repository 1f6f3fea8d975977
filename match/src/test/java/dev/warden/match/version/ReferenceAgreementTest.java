package dev.warden.match.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.VersionScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scheme against the ecosystem's own implementation, run here, on thousands of generated pairs
 * ({@link RandomVersions}, fixed seeds): every answer, including "invalid", must be the same.
 */
class ReferenceAgreementTest {

    private static final int PAIRS = 5000;
    /** dpkg runs two processes per pair; a smaller batch keeps the test quick. */
    private static final int DPKG_PAIRS = 600;

    @TempDir
    Path dir;

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void debAgreesWithPythonApt() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(1, PAIRS, RandomVersions::deb);
        assertAgree("deb", pairs, ReferenceTool.run(dir, pairs, "Debian package python3-apt",
                "/usr/bin/python3", script("apt_compare.py"), "PAIRS"));
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void debAgreesWithDpkg() throws Exception {
        List<RandomVersions.Pair> pairs = new ArrayList<>(RandomVersions.pairs(2, DPKG_PAIRS, RandomVersions::deb));
        // versions dpkg refuses, to prove Warden refuses the same ones
        for (String bad : List.of(":1.0", "1.0-", "1:", "a:1", "1.0 2", "1:-1", "-1")) {
            pairs.add(new RandomVersions.Pair(bad, "1.0"));
        }
        assertAgree("deb", pairs, ReferenceTool.run(dir, pairs, "Debian package dpkg",
                "/bin/sh", script("dpkg_compare.sh"), "PAIRS"));
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void rpmAgreesWithRpmVercmp() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(3, PAIRS, RandomVersions::rpm);
        assertAgree("rpm", pairs, ReferenceTool.run(dir, pairs, "Debian package rpm",
                "rpm", "--define", "pairs PAIRS", "--eval", "%{lua: dofile(\"" + script("rpm_compare.lua") + "\")}"));
    }

    @Test
    void mavenAgreesWithComparableVersion() {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(4, PAIRS, RandomVersions::maven);
        List<String> expected = pairs.stream()
                .map(p -> Vectors.sign(new ComparableVersion(p.a()).compareTo(new ComparableVersion(p.b()))))
                .toList();
        assertAgree("maven", pairs, expected);
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void pypiAgreesWithPackaging() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(5, PAIRS, RandomVersions::pypi);
        // Debian's python3-packaging, not whatever pyenv puts first on PATH
        assertAgree("pypi", pairs, ReferenceTool.run(dir, pairs, "Debian package python3-packaging",
                "/usr/bin/python3", script("packaging_compare.py"), "PAIRS"));
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void npmAgreesWithNodeSemver() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(6, PAIRS, RandomVersions::npm);
        assertAgree("npm", pairs, ReferenceTool.run(dir, pairs, "npm (its bundled node-semver)",
                "node", script("semver_compare.js"), npmSemver(), "PAIRS"));
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void gemAgreesWithRubyGems() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(7, PAIRS, RandomVersions::gem);
        assertAgree("gem", pairs, ReferenceTool.run(dir, pairs, "Debian package ruby",
                "ruby", script("gem_compare.rb"), "PAIRS"));
    }

    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void composerAgreesWithComposerSemver() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(8, PAIRS, RandomVersions::composer);
        List<String> reference = ReferenceTool.run(dir, pairs, "Debian packages php-cli and php-composer-semver",
                "php", script("composer_compare.php"), "PAIRS");
        assertAgree("composer", pairs, reference);
    }

    /**
     * golang.org/x/mod/semver is not importable offline, but the Go toolchain vendors it
     * (Debian's golang-*-src): the test builds a small program against that copy and runs it.
     */
    @Tag("live") // the ecosystems' own tools (python3-apt, dpkg, rpm, packaging, node-semver, rubygems, composer, go)
    @Test
    void golangAgreesWithGoModSemver() throws Exception {
        List<RandomVersions.Pair> pairs = RandomVersions.pairs(9, PAIRS, RandomVersions::golang);
        assertAgree("golang", pairs, ReferenceTool.run(dir, pairs, "Debian package golang-go",
                goSemverTool().toString(), "PAIRS"));
    }

    private Path goSemverTool() throws Exception {
        return GoSemverPrograms.build(dir, Path.of(script("gosemver_main.go")), "gosemver");
    }

    private void assertAgree(String type, List<RandomVersions.Pair> pairs, List<String> reference) {
        VersionScheme scheme = VersionSchemes.require(type);
        List<String> disagreements = new ArrayList<>();
        int invalid = 0;
        for (int i = 0; i < pairs.size(); i++) {
            RandomVersions.Pair p = pairs.get(i);
            String ours = answer(scheme, p);
            if (ours.equals("invalid")) {
                invalid++;
            }
            if (!ours.equals(reference.get(i))) {
                disagreements.add("'" + p.a() + "' vs '" + p.b() + "': warden " + ours + ", reference " + reference.get(i));
            }
        }
        System.out.printf("%s: %d/%d pairs agree with the reference (%d invalid)%n",
                type, pairs.size() - disagreements.size(), pairs.size(), invalid);
        assertThat(disagreements).as(type).isEmpty();
        // the grammar must mostly produce valid versions, or the test proves little about ordering
        assertThat(invalid).as(type + " invalid pairs").isLessThan(pairs.size() / 3);
    }

    private static String answer(VersionScheme scheme, RandomVersions.Pair p) {
        if (!scheme.isValid(p.a()) || !scheme.isValid(p.b())) {
            return "invalid";
        }
        return Vectors.sign(scheme.compare(p.a(), p.b()));
    }

    private String script(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/reference/" + name)) {
            Files.copy(in, target);
        }
        return target.toString();
    }

    /** npm ships node-semver inside its own node_modules; Debian's node-semver package is the fallback. */
    private static String npmSemver() throws Exception {
        Path debian = Path.of("/usr/share/nodejs/semver");
        Path semver = debian;
        try {
            Process p = new ProcessBuilder("npm", "root", "-g").redirectErrorStream(true).start();
            String root = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && Files.isDirectory(Path.of(root, "npm", "node_modules", "semver"))) {
                semver = Path.of(root, "npm", "node_modules", "semver");
            }
        } catch (IOException e) {
            // no npm on PATH: fall back to Debian's node-semver below
        }
        assertThat(semver).as("node-semver: install nodejs with npm, or Debian's node-semver").isDirectory();
        return semver.toString();
    }

}
