package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.IOUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python distribution's RECORD makes its files owned: a wheel built and installed by Debian's own pip (setuptools
 * and wheel from python3-setuptools and python3-wheel, no network) bundling a real Maven Central jar (commons-io, from
 * this build's class path) gives the jar's package {@code warden:owned-by} the wheel's purl.
 */
class PythonRecordTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void firstFieldsUndoCsvQuoting() {
        String record = "a/b.py,sha256=x,10\n\"c,d/e.py\",,\n\"f\"\"g.py\",sha256=y,3\r\nh/i.py,\"sha,256\",4\nlast.py";
        assertThat(PythonRecord.firstFields(record)).containsExactly("a/b.py", "c,d/e.py", "f\"g.py", "h/i.py", "last.py");
    }

    @Test
    void pathsResolveAgainstSitePackagesAndNeverLeaveTheRoot() {
        String site = "/usr/local/lib/python3.11/dist-packages";
        assertThat(PythonRecord.resolve(site, "pkg/__init__.py")).isEqualTo(site + "/pkg/__init__.py");
        assertThat(PythonRecord.resolve(site, "../../../bin/tool")).isEqualTo("/usr/local/bin/tool");
        assertThat(PythonRecord.resolve(site, "./pkg/../pkg/x.py")).isEqualTo(site + "/pkg/x.py");
        assertThat(PythonRecord.resolve(site, "/opt/app/data.txt")).isEqualTo("/opt/app/data.txt");
        assertThat(PythonRecord.resolve(site, "../../../../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(PythonRecord.resolve(site, "../../../../../../etc/passwd")).isNull();
        assertThat(PythonRecord.resolve(site, "/../etc/passwd")).isNull();
        assertThat(PythonRecord.resolve(site, "a\0b")).isNull();
        assertThat(PythonRecord.resolve(site, "x/".repeat(3000))).isNull();
    }

    @Test
    @Tag("live") // Debian's python3, pip, setuptools and wheel
    void aJarAWheelBundlesIsOwnedByTheWheelsPackage() throws Exception {
        Path root = installWheelBundling(realJar());
        Sbom sbom = catalog(root);
        Package wheel = only(sbom, "pkg:pypi/bundler-demo@1.0");
        Package jar = only(sbom, "pkg:maven/commons-io/commons-io@");
        assertThat(wheel.properties()).doesNotContainKey(PackageProperties.OWNED_BY);
        assertThat(jar.properties()).containsEntry(PackageProperties.OWNED_BY, wheel.purl());
        assertThat(jar.locations().getFirst().path()).startsWith("/usr/local/lib/python3").contains("/bundler/jars/");
        assertThat(sbom.warnings()).noneMatch(w -> w.contains("RECORD"));
    }

    @Test
    @Tag("live") // Debian's python3, pip, setuptools and wheel
    void aFileTheRecordDoesNotListIsNotOwnedAndHostilePathsAreDropped() throws Exception {
        Path root = installWheelBundling(realJar());
        Path record;
        try (Stream<Path> found = Files.find(root, 12, (p, a) -> p.toString().endsWith(".dist-info/RECORD"))) {
            record = found.findFirst().orElseThrow();
        }
        String original = Files.readString(record);
        // a hostile RECORD claiming a file out of the root, and no longer listing the jar
        List<String> lines = new ArrayList<>();
        for (String line : original.split("\n")) {
            if (!line.contains(".jar")) {
                lines.add(line);
            }
        }
        lines.add("../../../../../../../../../etc/passwd,,");
        lines.add("\"bundler/x\0y\",,");
        Files.writeString(record, String.join("\n", lines) + "\n");
        Sbom sbom = catalog(root);
        assertThat(only(sbom, "pkg:pypi/bundler-demo@1.0").properties()).doesNotContainKey(PackageProperties.OWNED_BY);
        assertThat(only(sbom, "pkg:maven/commons-io/commons-io@").properties()).doesNotContainKey(PackageProperties.OWNED_BY);
        assertThat(sbom.warnings()).anyMatch(w -> w.contains("RECORD: 1 path(s) refused") && w.contains("bundler/x"))
                .noneMatch(w -> w.contains("etc/passwd"));
    }

    /** Builds a wheel holding {@code jar} with Debian's setuptools and installs it with pip under a new root. */
    private Path installWheelBundling(Path jar) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "Debian's python3 is needed");
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("bundler/jars"));
        Files.writeString(src.resolve("setup.py"), """
                from setuptools import setup
                setup(name="bundler-demo", version="1.0", packages=["bundler"], package_data={"bundler": ["jars/*.jar"]},
                      entry_points={"console_scripts": ["bundler-demo=bundler:main"]})
                """);
        Files.writeString(src.resolve("bundler/__init__.py"), "def main():\n    pass\n");
        Files.copy(jar, src.resolve("bundler/jars/commons-io.jar"));
        Path wheels = dir.resolve("wheels");
        Path root = dir.resolve("root");
        run(src, PYTHON, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", ".", "-w", wheels.toString());
        Path wheel;
        try (Stream<Path> built = Files.list(wheels)) {
            wheel = built.filter(p -> p.toString().endsWith(".whl")).findFirst().orElseThrow();
        }
        run(dir, PYTHON, "-m", "pip", "install", "--no-index", "--no-deps", "-q", "--no-warn-script-location",
                "--root", root.toString(), wheel.toString());
        return root;
    }

    private static Path realJar() throws Exception {
        return Path.of(IOUtils.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private Sbom catalog(Path root) throws IOException {
        try (ImageSource source = ImageSources.open("fs:" + root, SourceOptions.defaults(dir.resolve("cache")))) {
            return Catalog.withDefaults(dir).run(source.info(), source.files());
        }
    }

    private static Package only(Sbom sbom, String purlPrefix) {
        List<Package> matching = sbom.packages().stream().filter(p -> p.purl().startsWith(purlPrefix)).toList();
        assertThat(matching).as("packages %s in %s", purlPrefix, sbom.packages().stream().map(Package::purl).toList()).hasSize(1);
        return matching.getFirst();
    }

    private static void run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0 || !out.contains("No module named"), "pip/setuptools missing: " + out);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
