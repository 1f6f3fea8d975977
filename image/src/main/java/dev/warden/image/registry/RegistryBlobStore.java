package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.BlobStore;
import dev.warden.image.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs of a registry behind a content-addressed cache ({@code CACHE/blobs/ALG/HEX}): a blob is downloaded once
 * to a temporary file beside its final place, verified (size and digest), then renamed into place atomically, so
 * the cache only ever holds verified blobs and a second read costs no download.
 */
final class RegistryBlobStore implements BlobStore {
    private static final int COPY_BUFFER_BYTES = 256 * 1024;

    private final RegistryClient client;
    private final Path blobsDir;
    private final Progress progress;
    private final RetryPolicy retry;
    private final long maxUnknownSize;
    private final BlobCacheBound bound;
    /** Blobs this store handed out: its own trims never remove them (the image being read may still need them). */
    private final Set<Path> inUse = ConcurrentHashMap.newKeySet();
    private int downloads;

    /** {@code maxUnknownSize} caps blobs whose descriptor gives no size; the cache is kept under the default bound. */
    RegistryBlobStore(RegistryClient client, Path cacheDir, Progress progress, RetryPolicy retry, long maxUnknownSize) {
        this(client, cacheDir, progress, retry, maxUnknownSize, BlobCacheBound.DEFAULT_MAX_BYTES);
    }

    /** {@code maxCacheBytes}: the blobs folder's bound ({@link BlobCacheBound}). */
    RegistryBlobStore(RegistryClient client, Path cacheDir, Progress progress, RetryPolicy retry, long maxUnknownSize,
            long maxCacheBytes) {
        if (cacheDir == null) {
            throw new IllegalArgumentException("a registry source needs a cache directory");
        }
        this.client = client;
        this.blobsDir = cacheDir.resolve("blobs");
        this.progress = progress;
        this.retry = retry;
        this.maxUnknownSize = maxUnknownSize;
        this.bound = new BlobCacheBound(blobsDir, maxCacheBytes);
    }

    /** Blobs fetched from the registry so far (cache hits are not downloads). */
    int downloads() {
        return downloads;
    }

    Path cachePath(String digest) {
        return blobsDir.resolve(BlobDigest.algorithm(digest)).resolve(BlobDigest.hex(digest));
    }

    @Override
    public InputStream open(String digest, long expectedSize) throws IOException {
        String what = client.reference().registry() + "/" + client.reference().repository() + ": blob " + Messages.clip(digest);
        BlobDigest.require(digest, what);
        Path file = cachePath(digest);
        inUse.add(file);
        if (isCached(file, expectedSize)) {
            BlobCacheBound.touch(file);
        } else {
            download(digest, expectedSize, file, what);
        }
        InputStream in;
        try {
            in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException removed) { // another run's trim took it between the check and the open
            download(digest, expectedSize, file, what);
            in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        }
        return new CheckedBlobStream(in, digest, expectedSize, what + " (cached in " + file + ")", () -> evict(file));
    }

    private static boolean isCached(Path file, long expectedSize) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && (expectedSize < 0 || Files.size(file) == expectedSize);
    }

    private static void evict(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the mismatch is reported anyway; a later run will find the file again and refuse it again
        }
    }

    private void download(String digest, long expectedSize, Path file, String what) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        for (int attempt = 1;; attempt++) {
            Path partial = Files.createTempFile(dir, BlobDigest.hex(digest).substring(0, 16) + "-", ".partial");
            try {
                fetchInto(digest, expectedSize, partial, what);
                moveIntoPlace(partial, file);
                downloads++;
                trim();
                return;
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw new WardenException(what + ": download failed after " + attempt + " attempts: "
                            + Messages.clip(String.valueOf(e.getMessage())), e);
                }
                client.http().pause(retry.backoff(attempt + 1));
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private void fetchInto(String digest, long expectedSize, Path partial, String what) throws IOException {
        HttpResponse<InputStream> response = client.blob(digest);
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long limit = expectedSize >= 0 ? expectedSize : maxUnknownSize;
        if (declared > limit) {
            response.body().close();
            throw new WardenException(what + ": registry announces " + declared + " bytes, "
                    + (expectedSize >= 0 ? "its descriptor says " + expectedSize : "more than the limit of " + limit));
        }
        MessageDigest hash = BlobDigest.hasher(digest);
        long count = 0;
        progress.start("pull " + digest.substring(0, Math.min(digest.length(), 19)), expectedSize >= 0 ? expectedSize : declared);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0;) {
                count += n;
                if (count > limit) {
                    throw new WardenException(what + ": larger than " + limit + " bytes"
                            + (expectedSize >= 0 ? " (its descriptor's size)" : " (the limit for blobs of unknown size)"));
                }
                hash.update(buffer, 0, n);
                out.write(buffer, 0, n);
                progress.advance(n);
            }
        } finally {
            progress.done();
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new java.io.EOFException("truncated: " + count + " of " + expectedSize + " bytes");
        }
        String actual = BlobDigest.of(BlobDigest.algorithm(digest), hash.digest());
        if (!actual.equals(digest)) {
            throw new WardenException(what + ": downloaded content does not match its digest (it hashes to " + actual + ")");
        }
    }

    /** Keeps the blobs folder under its bound; failing to is no reason to fail the pull (the folder only grows). */
    private void trim() {
        try {
            bound.trim(inUse);
        } catch (IOException e) {
            // a folder that cannot be listed now is trimmed by a later download
        }
    }

    private static void moveIntoPlace(Path partial, Path file) throws IOException {
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
