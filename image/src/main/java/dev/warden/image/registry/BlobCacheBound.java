package dev.warden.image.registry;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the registry blob cache ({@code CACHE/blobs/ALG/HEX}) under a size: least recently used blobs go first (a read
 * touches its blob's modification time), down to three quarters of the bound so that not every download walks the
 * folder again. Safe beside other runs: only complete blobs are counted and removed (never another run's
 * {@code .partial} download), a blob another run removes meanwhile is skipped, a run that is reading a removed blob
 * keeps reading it (the file stays open), and a run that finds its blob gone downloads it again. Blobs the current run
 * uses are never removed by it: an image larger than the bound may pass it while it is read.
 */
public final class BlobCacheBound {
    /** Registry blobs kept: compressed layers of a few large images; past it the least recently used go. */
    static final long DEFAULT_MAX_BYTES = 4L << 30;
    /** The environment variable that changes the bound, in bytes (or with a KiB, MiB or GiB suffix); 0 keeps nothing. */
    public static final String ENV = "WARDEN_CACHE_BLOBS_MAX";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(KiB|MiB|GiB|TiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{32,128}");

    private final Path blobsDir;
    private final long maxBytes;

    BlobCacheBound(Path blobsDir, long maxBytes) {
        this.blobsDir = blobsDir;
        this.maxBytes = maxBytes;
    }

    /** The bound {@value #ENV} sets, else {@link #DEFAULT_MAX_BYTES}; a value that is not a size is one clear line. */
    public static long maxBytes(Map<String, String> env) {
        String text = env.get(ENV);
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        var m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new WardenException(ENV + "=" + text + ": not a size in bytes (e.g. 4294967296 or 4GiB)");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 40;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new WardenException(ENV + "=" + text + ": too large");
        }
    }

    /** Marks a blob as used now, so that it goes last. */
    static void touch(Path blob) {
        try {
            Files.setLastModifiedTime(blob, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // recency only orders removal
        }
    }

    /** Removes least recently used blobs, none of {@code inUse}, while the folder is over the bound. */
    void trim(Set<Path> inUse) throws IOException {
        record Kept(Path file, long size, long used) {}
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        if (!Files.isDirectory(blobsDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobsDir)) {
            for (Path algorithm : algorithms) {
                if (!Files.isDirectory(algorithm, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(algorithm)) {
                    for (Path blob : blobs) {
                        if (!BLOB_NAME.matcher(blob.getFileName().toString()).matches()) {
                            continue; // another run's download in progress, or not ours
                        }
                        try {
                            BasicFileAttributes a = Files.readAttributes(blob, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            if (a.isRegularFile()) {
                                kept.add(new Kept(blob, a.size(), a.lastModifiedTime().toMillis()));
                                total += a.size();
                            }
                        } catch (NoSuchFileException gone) {
                            // another run removed it
                        }
                    }
                }
            }
        }
        if (total <= maxBytes) {
            return;
        }
        kept.sort(Comparator.comparingLong(Kept::used));
        long target = maxBytes / 4 * 3;
        for (Kept k : kept) {
            if (total <= target) {
                break;
            }
            if (inUse.contains(k.file())) {
                continue;
            }
            Files.deleteIfExists(k.file());
            total -= k.size();
        }
    }
}
