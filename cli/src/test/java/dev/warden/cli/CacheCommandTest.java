package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden cache status|clean} on a cache folder a real analysis filled (the debootstrap fixture image's base),
 * with what an older Warden left beside it (its {@code layers-v1} folder) and a killed run's scratch folder.
 */
@Tag("live") // TestImages: debootstrap, umoci
class CacheCommandTest {
    @TempDir
    Path tmp;

    @Test
    void statusShowsEachPartAndCleanEmptiesItWithoutChangingTheNextSbom() throws IOException {
        Path cache = tmp.resolve("cache");
        InProcessWarden warden = new InProcessWarden(cache);
        String image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
        Run first = warden.run("sbom", image, "--format", "json", "--no-progress");
        assertThat(first.exit()).as(first.err()).isZero();
        Path older = Files.createDirectories(cache.resolve("layers-v1/sha256"));
        Files.write(older.resolve("abc.contents"), new byte[4096]);
        Path killed = Files.createDirectories(cache.resolve("warden-catalog-123"));
        Files.write(killed.resolve("big.jar"), new byte[100]);
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path running = Files.createDirectories(cache.resolve("warden-catalog-456"));

        Run status = warden.run("cache", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        List<String> lines = status.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Cache folder: " + cache.toAbsolutePath());
        assertThat(row(lines, "layer cache")).contains("layers-v2").contains("2.0 GiB").doesNotContain(" 0 B");
        assertThat(row(lines, "catalogue results")).contains("catalog-results").contains("256.0 MiB").doesNotContain(" 0 B");
        assertThat(row(lines, "registry blobs")).contains("blobs").contains("4.0 GiB"); // BlobCacheBound's default
        assertThat(row(lines, "older layer cache")).contains("layers-v1").contains("4.0 KiB").contains("left over");
        assertThat(row(lines, "scratch folder", "warden-catalog-123")).endsWith("left over");
        assertThat(row(lines, "scratch folder", "warden-catalog-456")).endsWith("a run of the last day's");
        assertThat(lines.get(lines.size() - 1)).startsWith("Total: ").contains("warden cache clean removes it");

        Run clean = warden.run("cache", "clean");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).startsWith("Removed ").contains("kept 1 temporary file(s) or scratch folder(s)");
        assertThat(older.getParent()).doesNotExist();
        assertThat(killed).doesNotExist();
        assertThat(running).exists();
        try (Stream<Path> left = Files.walk(cache)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        Run after = warden.run("cache", "status");
        assertThat(row(after.out().lines().toList(), "layer cache")).contains(" 0 B");

        Run again = warden.run("sbom", image, "--format", "json", "--no-progress");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
    }

    @Test
    void aCacheFolderThatDoesNotExistIsEmpty() {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("none"));
        Run status = warden.run("cache", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("Total: 0 B");
        Run clean = warden.run("cache", "clean");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).startsWith("Removed 0 files (0 B)");
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    private static String row(List<String> lines, String part) {
        return row(lines, part, "");
    }

    private static String row(List<String> lines, String part, String folder) {
        return lines.stream().filter(l -> l.startsWith(part + " ") && l.contains(folder)).findFirst()
                .orElseThrow(() -> new AssertionError(part + " " + folder + " in " + lines));
    }

    @Test
    void aDamagedCacheFileIsNamedOnStderrButNeverByThisMachinesPathInTheSbom() throws IOException {
        Path cache = tmp.resolve("cache");
        InProcessWarden warden = new InProcessWarden(cache);
        String image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
        assertThat(warden.run("sbom", image, "--format", "json", "--no-progress").exit()).isZero();
        try (Stream<Path> files = Files.walk(cache.resolve("layers-v2"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".entries")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                bytes[bytes.length / 3] ^= 1;
                Files.write(f, bytes);
            }
        }
        Path sbom = tmp.resolve("again.json"); // Warden JSON keeps the warnings
        Run again = warden.run("sbom", image, "--format", "json", "-o", sbom.toString(), "--no-progress");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("warden: warning: layer cache: ignoring " + cache.toAbsolutePath().resolve("layers-v2/sha256/"));
        String document = Files.readString(sbom);
        assertThat(document).contains("layer cache: ignoring CACHE/layers-v2/sha256/").doesNotContain(tmp.toString());
    }
}
