package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/train-aot.sh, which ./warden runs after each build, on the shaded jar this build made (an integration test:
 * it needs the package phase): it makes a cache silently and leaves nothing else behind, and a JVM that must use the
 * cache ({@code -XX:AOTMode=on} refuses to start otherwise) runs Warden with Warden's and picocli's classes from it.
 */
class TrainAotIT {
    private static final List<String> LAUNCHER_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "--sun-misc-unsafe-memory-access=allow");

    @Test
    void trainsACacheThatRunsWardenWithItsClassesFromTheCache(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "AOT caches made by a training run (JEP 514) need JDK 25");
        Path repo = Path.of(System.getProperty("warden.repo.root", ".")).toAbsolutePath();
        Path jar = repo.resolve("cli/target/warden.jar");
        assertThat(jar).as("the shaded jar of this build").isRegularFile();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path aotJar = dir.resolve("warden-aot.jar");
        Path cache = dir.resolve("warden.aot");

        List<String> train = new ArrayList<>(List.of(repo.resolve("scripts/train-aot.sh").toString(), javaHome.toString(),
                jar.toString(), aotJar.toString(), cache.toString()));
        train.addAll(LAUNCHER_FLAGS);
        Result training = run(train, dir);
        assertThat(training.exit()).as(training.output()).isZero();
        assertThat(training.output()).as("silent unless it fails").isEmpty();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing but the jar and the cache")
                    .containsExactlyInAnyOrder("warden-aot.jar", "warden.aot", "out.txt");
        }
        assertThat(Files.size(cache)).isGreaterThan(10L << 20);

        List<String> version = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        version.addAll(LAUNCHER_FLAGS);
        version.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-Xlog:class+load=info", "-jar", aotJar.toString(), "--version"));
        Result run = run(version, dir);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("warden ")
                .containsPattern("dev\\.warden\\.cli\\.WardenCommand source: shared objects file")
                .containsPattern("picocli\\.CommandLine source: shared objects file");

        // the cached-image path is trained too: an image analysed through the caches (twice: the second run takes
        // everything kept) runs the layer cache's, the OCI reader's and the catalogue cache's classes from the cache
        byte[] layer = new TarBuilder().dir("opt/").dir("opt/lib/").file("opt/lib/jrt-fs.jar",
                Files.readAllBytes(javaHome.resolve("lib/jrt-fs.jar"))).build();
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(layer)).write(dir.resolve("oci"));
        List<String> sbom = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        sbom.addAll(LAUNCHER_FLAGS);
        sbom.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-Xlog:class+load=info", "-jar", aotJar.toString(),
                "sbom", "oci-dir://" + layout + ":latest", "--quiet", "--format", "cyclonedx-json", "-o", dir.resolve("sbom.json").toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        assertThat(run(sbom, dir).exit()).isZero();
        Result cached = run(sbom, dir);
        assertThat(cached.exit()).as(cached.output()).isZero();
        assertThat(cached.output())
                .containsPattern("dev\\.warden\\.image\\.LayerCache source: shared objects file")
                .containsPattern("dev\\.warden\\.image\\.OciLayoutSource source: shared objects file")
                .containsPattern("dev\\.warden\\.catalog\\.CatalogCache source: shared objects file")
                .containsPattern("dev\\.warden\\.catalog\\.CatalogCache\\$Entry source: shared objects file")
                .containsPattern("dev\\.warden\\.catalog\\.KeptCodec source: shared objects file");
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
