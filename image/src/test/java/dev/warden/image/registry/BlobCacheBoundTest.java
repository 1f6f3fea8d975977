package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry blob cache stays under its bound: least recently used first, never a blob in use or another run's download. */
class BlobCacheBoundTest {
    @TempDir
    Path cache;

    private Path blob(char hex, int size, long usedMillisAgo) throws IOException {
        Path file = Files.createDirectories(cache.resolve("blobs/sha256")).resolve(String.valueOf(hex).repeat(64));
        Files.write(file, new byte[size]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - usedMillisAgo));
        return file;
    }

    @Test
    void leastRecentlyUsedBlobsGoUntilThreeQuartersOfTheBound() throws IOException {
        Path oldest = blob('a', 400, 40_000);
        Path old = blob('b', 400, 30_000);
        Path recent = blob('c', 400, 20_000);
        Path newest = blob('d', 400, 10_000);
        Path partial = Files.write(cache.resolve("blobs/sha256/" + "e".repeat(16) + "-123.partial"), new byte[4000]);

        new BlobCacheBound(cache.resolve("blobs"), 1600).trim(Set.of());
        assertThat(oldest).as("at the bound: nothing goes").exists();

        new BlobCacheBound(cache.resolve("blobs"), 1200).trim(Set.of());
        assertThat(oldest).doesNotExist();
        assertThat(old).doesNotExist(); // 1,600 -> 800, three quarters of 1,200 being 900
        assertThat(recent).exists();
        assertThat(newest).exists();
        assertThat(partial).as("another run's download is not counted or removed").exists();
    }

    @Test
    void aReadMakesABlobRecentAndBlobsInUseStay() throws IOException {
        Path oldest = blob('a', 400, 40_000);
        Path old = blob('b', 400, 30_000);
        Path recent = blob('c', 400, 20_000);
        BlobCacheBound.touch(oldest);

        new BlobCacheBound(cache.resolve("blobs"), 1100).trim(Set.of(old)); // 1,200 -> 800, under 825
        assertThat(oldest).as("read just now").exists();
        assertThat(old).as("in use by this run").exists();
        assertThat(recent).doesNotExist();
    }

    @Test
    void theBoundComesFromTheEnvironment() {
        assertThat(BlobCacheBound.maxBytes(Map.of())).isEqualTo(4L << 30);
        assertThat(BlobCacheBound.maxBytes(Map.of("WARDEN_CACHE_BLOBS_MAX", "1048576"))).isEqualTo(1L << 20);
        assertThat(BlobCacheBound.maxBytes(Map.of("WARDEN_CACHE_BLOBS_MAX", "10GiB"))).isEqualTo(10L << 30);
        assertThat(BlobCacheBound.maxBytes(Map.of("WARDEN_CACHE_BLOBS_MAX", "512 mib"))).isEqualTo(512L << 20);
        assertThatThrownBy(() -> BlobCacheBound.maxBytes(Map.of("WARDEN_CACHE_BLOBS_MAX", "lots")))
                .isInstanceOf(WardenException.class).hasMessage("WARDEN_CACHE_BLOBS_MAX=lots: not a size in bytes (e.g. 4294967296 or 4GiB)");
        assertThatThrownBy(() -> BlobCacheBound.maxBytes(Map.of("WARDEN_CACHE_BLOBS_MAX", "9999999999999TiB")))
                .isInstanceOf(WardenException.class).hasMessageEndingWith("too large");
    }
}
