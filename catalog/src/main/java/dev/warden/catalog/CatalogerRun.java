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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** A {@link Cataloger.PerFile} cataloger's wanted files, when its results can be kept per file; else null. */
    List<FileEntry> perFileWanted;
    /** Per-file results kept for wanted files of this image (path -> result): those files are not read. */
    final Map<String, CatalogCache.FileResult> keptFiles = new HashMap<>();
    /** Per layer diff_id: the key of its per-file results and what was kept there before this run. */
    final Map<String, String> layerFilesKeys = new LinkedHashMap<>();
    final Map<String, Map<String, CatalogCache.FileResult>> layerFilesBefore = new HashMap<>();
    /** A {@link Cataloger.KeptParses} session's wanted files, when its parses can be kept per file; else null. */
    List<FileEntry> parsesWanted;
    /** Paths of wanted files whose kept parse was given back to the session: those files are not read. */
    final java.util.Set<String> restored = new java.util.HashSet<>();
    /** Per layer diff_id: the key of its kept parses and what was kept there before this run. */
    final Map<String, String> layerParsesKeys = new LinkedHashMap<>();
    final Map<String, Map<String, CatalogCache.Parse>> layerParsesBefore = new HashMap<>();
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
        return hit == null && session.wants(entry) && !keptFiles.containsKey(entry.path()) && !restored.contains(entry.path());
    }

    /** Whether this run reads any file: no whole result was kept, and not every wanted file's result either. */
    boolean readsAny() {
        return hit == null && (perFileWanted == null || perFileWanted.size() > keptFiles.size())
                && (parsesWanted == null || parsesWanted.size() > restored.size());
    }

    /**
     * For a {@link Cataloger.KeptParses} session, after it finished: keeps the parse of each file it read now with its
     * layer's kept parses (the files given back are there already).
     */
    void keepParses(CatalogCache cache, List<String> runWarnings) {
        if (parsesWanted == null || hit != null || key == null) {
            return;
        }
        Cataloger.KeptParses keeping = (Cataloger.KeptParses) session;
        Map<String, Map<String, CatalogCache.Parse>> byLayer = new HashMap<>();
        for (FileEntry e : parsesWanted) {
            if (restored.contains(e.path())) {
                continue;
            }
            keeping.parsed(e).ifPresent(parse -> byLayer
                    .computeIfAbsent(e.layerDiffId(), k -> new HashMap<>(layerParsesBefore.getOrDefault(k, Map.of())))
                    .put(CatalogCache.fingerprint(e), parse));
        }
        byLayer.forEach((layer, files) -> cache.putLayerParses(
                new CatalogCache.LayerParses(CatalogCache.FORMAT, layerParsesKeys.get(layer), files), runWarnings::add));
    }

    /**
     * For a {@link Cataloger.PerFile} cataloger, after its session finished over the files without a kept result: keeps
     * each file's result with its layer's per-file results, then adds the kept results of the other files, so that
     * {@link #found} and {@link #warnings} are the cataloger's result for the whole image. A package or warning that
     * cannot be given to one file (the contract broken) keeps nothing per file.
     */
    void completePerFile(CatalogCache cache, List<String> runWarnings) {
        if (perFileWanted == null || hit != null) {
            return;
        }
        Map<String, FileEntry> read = new HashMap<>();
        for (FileEntry e : perFileWanted) {
            if (!keptFiles.containsKey(e.path())) {
                read.put(e.path(), e);
            }
        }
        Map<String, List<CatalogCache.Found>> foundByPath = new HashMap<>();
        Map<String, List<String>> warningsByPath = new HashMap<>();
        boolean attributable = !askedJarIndex;
        for (Found f : found) {
            String path = f.pkg().locations().isEmpty() ? null : f.pkg().locations().getFirst().path();
            if (path != null && path.contains("!/")) {
                path = path.substring(0, path.indexOf("!/"));
            }
            if (path == null || !read.containsKey(path)) {
                attributable = false;
                break;
            }
            foundByPath.computeIfAbsent(path, k -> new ArrayList<>())
                    .add(new CatalogCache.Found(f.pkg(), f.owned() == null ? null : List.copyOf(f.owned())));
        }
        String prefix = cataloger.name() + ": ";
        for (String w : warnings) {
            String about = w.startsWith(prefix + "/") && w.indexOf(": ", prefix.length()) > 0
                    ? w.substring(prefix.length(), w.indexOf(": ", prefix.length())) : null;
            if (about != null && read.containsKey(about)) {
                warningsByPath.computeIfAbsent(about, k -> new ArrayList<>()).add(w);
            } else if (about == null) {
                attributable = false; // a warning of no file: it could not be given back when the files are kept
            } // else a warning about a file it only considers (listing): finish says it again every run
        }
        if (attributable && key != null) {
            Map<String, Map<String, CatalogCache.FileResult>> byLayer = new HashMap<>();
            for (FileEntry e : read.values()) {
                byLayer.computeIfAbsent(e.layerDiffId(), k -> new HashMap<>(layerFilesBefore.getOrDefault(k, Map.of())))
                        .put(CatalogCache.fingerprint(e), new CatalogCache.FileResult(
                                foundByPath.getOrDefault(e.path(), List.of()), warningsByPath.getOrDefault(e.path(), List.of())));
            }
            byLayer.forEach((layer, files) -> cache.putLayerFiles(
                    new CatalogCache.LayerFiles(CatalogCache.FORMAT, layerFilesKeys.get(layer), files), runWarnings::add));
        }
        for (CatalogCache.FileResult r : keptFiles.values()) {
            warnings.addAll(r.warnings());
            for (CatalogCache.Found f : r.found()) {
                found.add(new Found(f.pkg(), f.owned()));
            }
            progress.packages(r.found().size());
        }
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
