package dev.warden.cli;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogCache;
import dev.warden.image.CacheParts;
import dev.warden.pipeline.ScanPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Warden keeps under its cache folder, part by part: the parts this Warden uses, with the size each is kept
 * under, and what is left over (an older Warden's layer cache format, the scratch folder of a run that was killed).
 * Only folders Warden names are looked at: anything else in the folder is not Warden's to count or remove.
 */
final class CacheSurvey {
    /** How a part is treated: kept and bounded by its reader, temporary, or left over. */
    enum Kind {
        KEPT, TEMPORARY, OLDER_FORMAT, SCRATCH, SCRATCH_IN_USE
    }

    /** A command runs minutes, not a day: a younger temporary file or scratch folder may be one running now. */
    static final Duration IN_USE_GRACE = Duration.ofDays(1);

    /** A part: what it is, its folder, the size it is kept under (0: none), its kind, its files and their bytes. */
    record Part(String what, Path dir, long maxBytes, Kind kind, long files, long bytes) {
        /** Not used by this Warden: an older format's folder, a killed run's scratch folder. */
        boolean leftOver() {
            return kind == Kind.OLDER_FORMAT || kind == Kind.SCRATCH;
        }
    }

    private CacheSurvey() {}

    static List<Part> of(Path cacheDir) throws IOException {
        List<Part> parts = new ArrayList<>();
        parts.add(part("layer cache", cacheDir.resolve(CacheParts.LAYERS), CacheParts.LAYERS_MAX_BYTES, Kind.KEPT));
        parts.add(part("catalogue results", cacheDir.resolve(ScanPipeline.CATALOG_CACHE_DIR), CatalogCache.MAX_TOTAL_BYTES, Kind.KEPT));
        parts.add(part("registry blobs", cacheDir.resolve(CacheParts.REGISTRY_BLOBS), CacheParts.registryBlobsMaxBytes(System.getenv()),
                Kind.KEPT));
        parts.add(part("temporary files", cacheDir.resolve(CacheParts.TEMPORARY), 0, Kind.TEMPORARY));
        if (Files.isDirectory(cacheDir)) {
            Instant youngest = Instant.now().minus(IN_USE_GRACE);
            List<Path> sorted = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheDir)) {
                entries.forEach(sorted::add);
            }
            sorted.sort(null);
            for (Path entry : sorted) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (name.startsWith(CacheParts.LAYERS_PREFIX) && !name.equals(CacheParts.LAYERS)) {
                    parts.add(part("older layer cache", entry, 0, Kind.OLDER_FORMAT));
                } else if (name.startsWith(Catalog.SCRATCH_PREFIX)) {
                    boolean young = Files.getLastModifiedTime(entry).toInstant().isAfter(youngest);
                    parts.add(part("scratch folder", entry, 0, young ? Kind.SCRATCH_IN_USE : Kind.SCRATCH));
                }
            }
        }
        return parts;
    }

    private static Part part(String what, Path dir, long maxBytes, Kind kind) throws IOException {
        long[] filesAndBytes = new long[2];
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile()) {
                            filesAndBytes[0]++;
                            filesAndBytes[1] += a.size();
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // removed by a run meanwhile (least recently used files go): not there, not counted
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new Part(what, dir, maxBytes, kind, filesAndBytes[0], filesAndBytes[1]);
    }
}
