package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.core.jar.JarIndex;
import dev.warden.core.progress.WorkProgress;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * One cataloger's session in one catalog run: the files it is given, what it found and warned of, and, when the
 * catalogue cache kept a result for the same inputs, that result instead of the session's work. A session that
 * throws gets a warning; the run goes on.
 */
final class CatalogerRun {
    /** A package as the cataloger reported it, with the paths it owns (an OS package's files), else null. */
    record Found(Package pkg, Collection<String> owned) {}

    final Cataloger cataloger;
    final Cataloger.Session session;
    final List<String> warnings = new ArrayList<>();
    final List<Found> found = new ArrayList<>();
    /** What the cataloger looked up in the index while finishing: replayed before its kept result is used. */
    final List<CatalogCache.Lookup> lookups = new ArrayList<>();
    /** The cache key of this cataloger's inputs, or null when they cannot be keyed (fs://) or no cache. */
    String key;
    /** The kept result this run uses instead of running the cataloger, or null. */
    CatalogCache.Entry hit;
    volatile boolean askedJarIndex;
    /** Told of each package found, as it is found. */
    private final WorkProgress progress;

    CatalogerRun(Cataloger cataloger, Supplier<Distro> distro, Path scratch, LicenseNames licenseNames, JarIndex jarIndex,
            WorkProgress progress) {
        this.cataloger = cataloger;
        this.progress = progress;
        JarIndex watched = jarIndex == JarIndex.NONE ? JarIndex.NONE : sha1s -> {
            askedJarIndex = true; // the index changes with the advisory store: such a result is not kept
            return jarIndex.find(sha1s);
        };
        this.session = cataloger.start(new CatalogContext(distro, this::warn, scratch, licenseNames, watched));
    }

    /** Whether this run reads {@code entry}: its session wants it and no kept result stands in for the session. */
    boolean reads(FileEntry entry) {
        return hit == null && session.wants(entry);
    }

    /** Notes this cataloger's key and takes a kept result whose lookups still hold in {@code files}. */
    void takeFromCache(CatalogCache cache, String key, FileSystemView files, List<String> runWarnings) {
        this.key = key;
        hit = cache.get(key, runWarnings::add).filter(entry -> RecordingView.stillHold(entry.lookups(), files)).orElse(null);
    }

    void takeKept() {
        warnings.addAll(hit.warnings());
        for (CatalogCache.Found f : hit.found()) {
            found.add(new Found(f.pkg(), f.owned()));
        }
        progress.packages(hit.found().size());
    }

    void keep(CatalogCache cache, Distro distro, List<String> runWarnings) {
        List<CatalogCache.Found> kept = found.stream().map(f -> new CatalogCache.Found(f.pkg(),
                f.owned() == null ? null : List.copyOf(f.owned()))).toList();
        cache.put(new CatalogCache.Entry(CatalogCache.FORMAT, key, distro, List.copyOf(lookups), kept, List.copyOf(warnings)), runWarnings::add);
    }

    synchronized void warn(String message) {
        warnings.add(cataloger.name() + ": " + message);
    }

    synchronized void accept(FileEntry entry, InputStream content) {
        try {
            session.accept(entry, content);
        } catch (IOException | UncheckedIOException e) {
            warn(entry.path() + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // Parsers meet attacker-written files; one that trips must not end the scan.
            warn(entry.path() + ": skipped: " + describe(e));
        }
    }

    void finish(FileSystemView files) {
        PackageSink sink = new PackageSink() {
            @Override
            public void add(Package pkg) {
                synchronized (CatalogerRun.this) {
                    found.add(new Found(pkg, null));
                }
                progress.packages(1);
            }

            @Override
            public void add(Package pkg, Collection<String> ownedPaths) {
                synchronized (CatalogerRun.this) {
                    found.add(new Found(pkg, List.copyOf(ownedPaths)));
                }
                progress.packages(1);
            }
        };
        try {
            synchronized (this) {
                session.finish(new RecordingView(files, lookups, session instanceof Cataloger.Considering), sink);
            }
        } catch (IOException | UncheckedIOException e) {
            warn("cannot finish: " + e.getMessage());
        } catch (RuntimeException e) {
            warn("stopped: " + describe(e));
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof WardenException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
