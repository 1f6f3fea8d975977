package dev.warden.match.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.image.testing.LiveTests;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a reference Go program against golang.org/x/mod/semver, which is not importable offline but
 * is vendored by the Go toolchain (Debian's golang-*-src): the program imports it as
 * {@code wardenref/semver}. A missing toolchain fails the test naming golang-go.
 */
public final class GoSemverPrograms {

    private GoSemverPrograms() {}

    /**
     * @param dir    a temporary folder for the module, its build cache and the binary
     * @param mainGo the program's main.go
     * @return the built binary
     */
    public static Path build(Path dir, Path mainGo, String name) throws Exception {
        LiveTests.require("go");
        Process env = new ProcessBuilder("go", "env", "GOROOT").redirectErrorStream(true).start();
        String goroot = new String(env.getInputStream().readAllBytes()).strip();
        assertThat(env.waitFor()).as("go env GOROOT (install golang-go)").isZero();
        Path vendored = Path.of(goroot, "src", "cmd", "vendor", "golang.org", "x", "mod", "semver", "semver.go");
        assertThat(vendored).as("the Go toolchain's vendored x/mod/semver").isRegularFile();
        Path module = Files.createDirectories(dir.resolve(name));
        Files.writeString(module.resolve("go.mod"), "module wardenref\n\ngo 1.19\n");
        Files.copy(vendored, Files.createDirectories(module.resolve("semver")).resolve("semver.go"));
        Files.copy(mainGo, module.resolve("main.go"));
        Path binary = dir.resolve(name + "-bin");
        ProcessBuilder build = new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
                .directory(module.toFile()).redirectErrorStream(true);
        build.environment().put("GOFLAGS", "-mod=mod");
        build.environment().put("GOPROXY", "off");
        build.environment().put("GOCACHE", dir.resolve("gocache").toString());
        Process p = build.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("go build of " + mainGo.getFileName() + ": " + log).isZero();
        return binary;
    }
}
