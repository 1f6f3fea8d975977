package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.AtomicFile;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private static void write(Path file, String text) {
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replacesARegularFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("out.json");
        Files.writeString(file, "old");
        write(file, "new");
        assertThat(file).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    /** A new output file gets what the umask gives any new file (0644 under 022), as peers' do, not a temp file's 0600. */
    @Test
    void aNewFileHasTheUmasksPermissionsAndAnOldOneKeepsItsOwn() throws Exception {
        Path reference = Files.createFile(dir.resolve("made-by-the-jdk")); // the umask applied by the OS, whatever it is
        Path fresh = dir.resolve("report.sarif");
        write(fresh, "{}");
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(reference));
        Path kept = dir.resolve("private.json");
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        write(kept, "new");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-r-----");
    }

    /** {@code -o /dev/null} or a pipe: a rename would have replaced the device with a regular file. */
    @Test
    void aFifoIsWrittenInPlaceNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        write(fifo, "through the pipe");
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    /** A full disk is an error, not a silent success: the table writers' PrintWriter would keep it to itself. */
    @Test
    void aFullDeviceIsAnErrorForEveryFormat() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "/dev/full (Linux)");
        Path root = Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(root.resolve("os-release"), "ID=debian\nVERSION_ID=12\n");
        for (String format : java.util.List.of("table", "json", "cyclonedx-json", "spdx-json")) {
            InProcessWarden.Run run = new InProcessWarden(dir.resolve("cache")).run(
                    "--home", dir.resolve("home").toString(), "sbom", "fs://" + dir.resolve("root"), "--format", format, "-o", full.toString());
            assertThat(run.exit()).as(format + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(format).contains("cannot write /dev/full").doesNotContain("Exception");
        }
    }

    @Test
    void aSymbolicLinkIsWrittenThrough() throws Exception {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    @Test
    void aDirectoryIsAClearError() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> write(sub, "x")).isInstanceOf(WardenException.class).hasMessageContaining("cannot write " + sub);
        assertThatThrownBy(() -> write(dir.resolve("missing/out.json"), "x")).isInstanceOf(WardenException.class)
                .hasMessageContaining("no such directory");
    }
}
