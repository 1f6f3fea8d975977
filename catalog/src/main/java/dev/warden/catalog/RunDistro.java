package dev.warden.catalog;

import dev.warden.catalog.os.DistroDetector;
import dev.warden.core.Distro;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The image's distro in one catalog run: the one the catalogue cache kept for the same release files, or else the one
 * detected from the release files the layer pass reads (and then kept). Catalogers ask for it while they finish, after
 * the pass has settled it.
 */
final class RunDistro {
    /** The name the distro is kept under in the cache, beside the catalogers' names. */
    private static final String CACHE_NAME = "distro";

    private final DistroDetector.Collector releaseFiles;
    private final AtomicReference<Distro> distro = new AtomicReference<>();
    private final List<String> releaseWarnings = new ArrayList<>();
    private CatalogCache cache;
    private String key;
    private CatalogCache.Entry kept;

    RunDistro(FileSystemView files) {
        this.releaseFiles = new DistroDetector.Collector(files);
    }

    /** The distro; null until {@link #settle} (or a kept one), and for an image without one. */
    Distro get() {
        return distro.get();
    }

    /** Takes the distro kept under the release files' key, if any; only for images whose files can be keyed. */
    void takeFromCache(CatalogCache cache, CatalogSelection selection, List<String> warnings) {
        CatalogCache.Key distroKey = new CatalogCache.Key(CACHE_NAME, DistroDetector.class.getName(), selection);
        for (Map.Entry<String, FileEntry> source : releaseFiles.sources().entrySet()) {
            distroKey.add(source.getKey(), source.getValue());
        }
        this.cache = cache;
        this.key = distroKey.hex();
        this.kept = cache.get(key, warnings::add).orElse(null);
        if (kept != null) {
            distro.set(kept.distro());
        }
    }

    /** Whether the layer pass must read anything for the distro. */
    boolean toRead() {
        return kept == null && !releaseFiles.sources().isEmpty();
    }

    boolean wants(FileEntry entry) {
        return kept == null && releaseFiles.wants(entry);
    }

    /** Reads the head of a release file; what it returns streams the whole file again for the catalogers. */
    InputStream read(FileEntry entry, InputStream content) throws IOException {
        byte[] head;
        synchronized (releaseFiles) {
            head = releaseFiles.accept(entry, content, releaseWarnings::add);
        }
        return new SequenceInputStream(new ByteArrayInputStream(head), content);
    }

    /** After the layer pass: the distro is the kept one, or the detected one, which is then kept. */
    void settle(List<String> warnings) {
        if (kept != null) {
            warnings.addAll(kept.warnings());
            return;
        }
        distro.set(releaseFiles.distro());
        warnings.addAll(releaseWarnings);
        if (cache != null) {
            cache.put(new CatalogCache.Entry(CatalogCache.FORMAT, key, distro.get(), List.of(), List.of(),
                    List.copyOf(releaseWarnings)), warnings::add);
        }
    }
}
