package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A gzipped archive ({@code docker save | gzip}) expanded once into a temporary tar under Warden's cache folder,
 * because a tar is read in place by member offsets and a gzip stream cannot seek. The expansion is guarded like a
 * layer (total size and ratio), and the temporary file is deleted when the archive is closed.
 */
final class GunzippedArchive implements Closeable {
    /** Temporary tars live here, inside the cache, so nothing is written where the user did not allow it. */
    static final String TEMP_DIR = "tmp";

    private final Path tar;

    private GunzippedArchive(Path tar) {
        this.tar = tar;
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream head = Files.newInputStream(file)) {
            return LayerMediaTypes.sniff(head.readNBytes(4)).equals(LayerMediaTypes.DOCKER_TAR_GZIP);
        }
    }

    /** Expands {@code file}; {@code cacheDir} null uses the system's temporary folder. */
    static GunzippedArchive expand(Path file, Path cacheDir, ImageLimits limits, String reference) throws IOException {
        Path dir = cacheDir != null ? Files.createDirectories(cacheDir.resolve(TEMP_DIR))
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path tar = Files.createTempFile(dir, "archive-", ".tar");
        // A VerifyingInputStream without a digest only counts: the compressed bytes read, for the ratio check.
        try (VerifyingInputStream compressed = new VerifyingInputStream(
                        new BufferedInputStream(Files.newInputStream(file), Streams.BUFFER_BYTES), null, -1, reference);
                InputStream in = new ExpansionGuard(new GZIPInputStream(compressed, Streams.BUFFER_BYTES),
                        compressed::count, limits, reference);
                OutputStream out = Files.newOutputStream(tar)) {
            in.transferTo(out);
        } catch (WardenException e) {
            Files.deleteIfExists(tar);
            throw e;
        } catch (IOException e) {
            Files.deleteIfExists(tar);
            throw new WardenException(reference + ": corrupt or truncated gzip archive (" + Digests.abbreviate(e.getMessage()) + ")", e);
        }
        return new GunzippedArchive(tar);
    }

    Path tar() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(tar);
    }
}
