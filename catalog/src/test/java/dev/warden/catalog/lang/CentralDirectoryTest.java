package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central directory read as bytes: entries, names and contents as the JDK's zip writer wrote them; a directory
 * whose records do not walk is refused (the archive is then read as a stream); a local header that is not where the
 * directory says, or an entry name that is not UTF-8, is an unreadable archive, as for the stream reader.
 */
class CentralDirectoryTest {
    @TempDir
    Path dir;

    private CentralDirectory directory(byte[] zip) throws IOException {
        Path file = dir.resolve("a.jar");
        Files.write(file, zip);
        FileChannel channel = FileChannel.open(file);
        ChannelSlice archive = ChannelSlice.of(channel);
        return CentralDirectory.read(archive, ZipEndRecord.read(archive));
    }

    @Test
    void entriesNamesAndContentAreWhatTheWriterWrote() throws IOException {
        byte[] nested = new Zips().pom("g", "inner", "1").bytes();
        CentralDirectory d = directory(new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").put("lib/inner.jar", nested)
                .put("naïve/ünï.txt", "x".repeat(10_000)).bytes());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            names.add(d.name(i));
        }
        assertThat(names).containsExactly("META-INF/MANIFEST.MF", "lib/inner.jar", "naïve/ünï.txt");
        assertThat(d.method(1)).isEqualTo(CentralDirectory.STORED);
        assertThat(d.method(2)).isEqualTo(CentralDirectory.DEFLATED);
        try (InputStream in = d.open(1)) {
            assertThat(in.readAllBytes()).isEqualTo(nested);
        }
        try (InputStream in = d.open(2)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(10_000));
        }
        assertThat(d.raw(1).size()).isEqualTo(nested.length);
    }

    @Test
    void aDirectoryWhoseRecordsDoNotWalkIsRefused() throws IOException {
        byte[] zip = new Zips().put("a.txt", "a").put("b.txt", "b").bytes();
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int directoryAt = b.getInt(zip.length - 22 + 16);
        b.putShort(directoryAt + 28, (short) 0x7fff); // the first name runs past the directory
        assertThat(directory(zip)).isNull();
    }

    @Test
    void aLocalHeaderElsewhereAndANameThatIsNotUtf8AreUnreadable() throws IOException {
        byte[] zip = new Zips().put("a.txt", "a").bytes();
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int directoryAt = b.getInt(zip.length - 22 + 16);
        b.putInt(directoryAt + 42, 3); // the local header offset points into the first header
        zip[directoryAt + 46] = (byte) 0xff; // "a.txt" -> "\xff.txt": not UTF-8
        CentralDirectory d = directory(zip);
        assertThatThrownBy(() -> d.name(0)).isInstanceOf(ZipException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> d.open(0)).isInstanceOf(ZipException.class).hasMessageContaining("no local header");
    }
}
