package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {
    @TempDir
    Path tmp;

    private ImageSource open(String source) throws IOException {
        return ImageSources.open(source, SourceOptions.defaults(tmp.resolve("cache")));
    }

    @Test
    void walksTreeWithoutLeavingTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.writeString(tmp.resolve("secret"), "outside");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=debian\n");
        Files.setPosixFilePermissions(root.resolve("usr/lib/os-release"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib/os-release"));
        Files.createSymbolicLink(root.resolve("out"), Path.of("../../secret"));
        Files.createSymbolicLink(root.resolve("outabs"), outside);
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("linkdir"), tmp); // a directory link out of the root: never walked
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo exit").isZero();

        try (ImageSource image = open("fs://" + root)) {
            FileSystemView files = image.files();
            assertThat(files.entries()).extracting(FileEntry::path).containsExactly(
                    "/", "/abs", "/etc", "/etc/os-release", "/lib", "/linkdir", "/loop1", "/loop2", "/out", "/outabs",
                    "/usr", "/usr/lib", "/usr/lib/os-release");
            FileEntry release = files.entry("/usr/lib/os-release").orElseThrow();
            assertThat(release.kind()).isEqualTo(FileEntry.Kind.FILE);
            assertThat(release.size()).isEqualTo(10);
            assertThat(release.mode()).isEqualTo(0644);
            assertThat(files.entry("/etc/os-release").orElseThrow().kind()).isEqualTo(FileEntry.Kind.SYMLINK);
            assertThat(files.resolve("/etc/os-release")).contains(release);
            assertThat(files.resolve("/lib/os-release")).contains(release);
            assertThat(files.resolve("/abs")).contains(release);
            assertThat(files.resolve("/lib/../../etc/os-release")).contains(release);
            assertThat(files.resolve("/lib/../etc/os-release")).as("like the kernel, .. after a link is taken from the target").isEmpty();
            // The absolute link to a host file resolves inside the root, where nothing is.
            assertThat(files.resolve("/outabs")).isEmpty();
            assertThat(files.resolve("/out")).isEmpty();
            assertThat(files.resolve("/loop1")).isEmpty();
            assertThat(files.resolve("/linkdir/secret")).isEmpty();

            Map<String, String> read = new LinkedHashMap<>();
            files.read(e -> true, (e, in) -> read.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertThat(read).containsExactly(Map.entry("/usr/lib/os-release", "ID=debian\n"));
            assertThat(image.warnings()).isEmpty();
        }
    }

    @Test
    void survivesFilesThatVanishBeforeReading() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("a"), "a");
        Files.writeString(root.resolve("b"), "b");
        try (ImageSource image = open("fs:" + root)) {
            FileSystemView files = image.files();
            Files.delete(root.resolve("a"));
            List<String> read = new ArrayList<>();
            files.read(e -> true, (e, in) -> read.add(e.path()));
            assertThat(read).containsExactly("/b");
            assertThat(image.warnings()).singleElement().asString().contains("/a").contains("skipped");
        }
    }

    @Test
    void refusesMissingDirectory() {
        Assertions.assertThatThrownBy(() -> open("fs://" + tmp.resolve("nope")))
                .isInstanceOf(WardenException.class).hasMessageContaining("no such file or directory: " + tmp.resolve("nope"));
    }

    @Test
    void hostRootSkipsPseudoFilesystems() throws Exception {
        try (ImageSource image = open("fs:/")) {
            FileSystemView files = image.files();
            assertThat(files.entry("/etc/os-release")).isPresent();
            assertThat(files.entries()).noneMatch(e -> e.path().startsWith("/proc/") || e.path().startsWith("/sys/")
                    || e.path().startsWith("/dev/"));
            assertThat(files.entries()).noneMatch(e -> e.kind() == FileEntry.Kind.OTHER);
        }
    }
}
