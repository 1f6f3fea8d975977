package dev.warden.catalog;

import dev.warden.catalog.os.DistroDetector;
import dev.warden.catalog.secret.SecretScanner;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.core.jar.JarIndex;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import org.apache.commons.io.input.CloseShieldInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs catalogers over an image's final filesystem: in one streaming pass it reads the release
 * files (for the distro) and gives each cataloger the files it asks for, lets them finish in parallel, attributes language
 * packages to the OS packages that own their files, and assembles the SBOM in a stable order.
 */
public final class Catalog {
    /** The name the detected distro is kept under in the cache, beside the catalogers' names. */
    private static final String DISTRO = "distro";

    private final List<Cataloger> catalogers;
    private final Path scratchParent;
    private final boolean scanSecrets;
    private final JarIndex jarIndex;
    private final CatalogSelection selection;
    private final CatalogCache cache;

    public Catalog(List<Cataloger> catalogers) {
        this(catalogers, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code scratchParent}: where each run makes (and removes) its scratch folder, e.g. Warden's cache. */
    public Catalog(List<Cataloger> catalogers, Path scratchParent) {
        this(catalogers, scratchParent, false, CatalogSelection.ALL);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, boolean scanSecrets, CatalogSelection selection) {
        this(catalogers, scratchParent, scanSecrets, selection, JarIndex.NONE);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, boolean scanSecrets, CatalogSelection selection,
            JarIndex jarIndex) {
        this(catalogers, scratchParent, scanSecrets, selection, jarIndex, null);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, boolean scanSecrets, CatalogSelection selection,
            JarIndex jarIndex, CatalogCache cache) {
        this.cache = cache;
        this.catalogers = List.copyOf(catalogers);
        this.scratchParent = scratchParent;
        this.scanSecrets = scanSecrets;
        this.selection = selection;
        this.jarIndex = jarIndex;
    }

    /** This catalog that also scans the files for secrets (built-in rules), in the same pass over the layers. */
    public Catalog withSecretScanning() {
        return new Catalog(catalogers, scratchParent, true, selection, jarIndex, cache);
    }

    /**
     * This catalog naming Java archives without their own Maven metadata from {@code index} (SHA-1 -> coordinates);
     * the index is asked once per run, when the layers have been read.
     */
    public Catalog withJarIndex(JarIndex index) {
        return new Catalog(catalogers, scratchParent, scanSecrets, selection, index, cache);
    }

    /**
     * This catalog with only the catalogers {@code selection} chooses, over the image without the paths it skips
     * (the secret scan and the distro detection do not see them either).
     */
    public Catalog withSelection(CatalogSelection selection) {
        return new Catalog(selection.select(catalogers), scratchParent, scanSecrets, selection, jarIndex, cache);
    }

    /**
     * This catalog keeping each cataloger's result in {@code cache} and taking it from there when an image gives the
     * cataloger the same files (same paths from the same layers), lookups and distro ({@link CatalogCache} says why
     * that is exact); null for none.
     */
    public Catalog withCache(CatalogCache cache) {
        return new Catalog(catalogers, scratchParent, scanSecrets, selection, jarIndex, cache);
    }

    /** Every cataloger Warden has. */
    public static Catalog withDefaults() {
        return new Catalog(Catalogers.defaults());
    }

    /** Every cataloger Warden has, with scratch files under {@code scratchParent}. */
    public static Catalog withDefaults(Path scratchParent) {
        return new Catalog(Catalogers.defaults(), scratchParent);
    }

    public Sbom run(ImageInfo info, FileSystemView image) throws IOException {
        FileSystemView files = selection.view(image);
        List<String> warnings = new ArrayList<>();
        DistroDetector.Collector releaseFiles = new DistroDetector.Collector(files);
        AtomicReference<Distro> distro = new AtomicReference<>();
        Files.createDirectories(scratchParent);
        Path scratch = Files.createTempDirectory(scratchParent, "warden-catalog-");
        List<Running> running = new ArrayList<>();
        SecretScanner secrets = scanSecrets ? SecretScanner.withBuiltinRules() : null;
        // one memo for the run: packages of every cataloger name the same licences, and nothing outlives the run
        LicenseNames licenseNames = new LicenseNames();
        try {
            for (Cataloger cataloger : catalogers) {
                running.add(new Running(cataloger, distro::get, scratch, licenseNames, jarIndex));
            }
            DistroKept distroKept = cache == null ? null : lookUp(running, releaseFiles, files, warnings);
            boolean distroKnown = distroKept != null && distroKept.hit() != null;
            if (distroKnown) {
                distro.set(distroKept.hit().distro());
            }
            List<String> releaseWarnings = new ArrayList<>();
            Predicate<FileEntry> releaseWanted = entry -> !distroKnown && releaseFiles.wants(entry);
            boolean anyToRead = secrets != null || running.stream().anyMatch(r -> r.hit == null)
                    || (!distroKnown && !releaseFiles.sources().isEmpty());
            // one pass over the layers: the release files for the distro, every cataloger's files, and secrets, in
            // the final files and in those a later layer deleted or replaced (still in the image); none when everything
            // is kept (then not even the layer cache's contents are opened)
            if (anyToRead) {
                Predicate<FileEntry> wanted = entry -> releaseWanted.test(entry)
                        || running.stream().anyMatch(r -> r.hit == null && r.session.wants(entry))
                        || (secrets != null && secrets.wants(entry));
                FileSystemView.ContentVisitor visitor = (entry, content) -> {
                    SecretScanner.FileScan.Tee secretScan = secrets != null && secrets.wants(entry)
                            ? secrets.open(entry).tee(content) : null;
                    if (secretScan != null) {
                        content = secretScan; // catalogers' reads feed the secret scan; the rest is drained below
                    }
                    if (releaseWanted.test(entry)) {
                        byte[] head;
                        synchronized (releaseFiles) {
                            head = releaseFiles.accept(entry, content, releaseWarnings::add);
                        }
                        content = new SequenceInputStream(new ByteArrayInputStream(head), content);
                    }
                    dispatch(running, entry, content, scratch);
                    if (secretScan != null) {
                        secretScan.drain();
                    }
                };
                if (secrets == null) {
                    files.read(wanted, visitor);
                } else {
                    files.read(wanted, visitor, secrets::wants, secrets::scanRemoved);
                }
            }
            if (distroKnown) {
                warnings.addAll(distroKept.hit().warnings());
            } else {
                distro.set(releaseFiles.distro());
                warnings.addAll(releaseWarnings);
                if (distroKept != null) {
                    cache.put(new CatalogCache.Entry(CatalogCache.FORMAT, distroKept.key(), distro.get(), List.of(), List.of(),
                            List.copyOf(releaseWarnings)), warnings::add);
                }
            }
            // a kept result made under another distro (the release files changed, nothing else the cataloger reads):
            // the cataloger runs after all, over a second pass for its files alone
            List<Running> stale = running.stream()
                    .filter(r -> r.hit != null && !java.util.Objects.equals(r.hit.distro(), distro.get())).toList();
            if (!stale.isEmpty()) {
                stale.forEach(r -> r.hit = null);
                files.read(entry -> stale.stream().anyMatch(r -> r.session.wants(entry)),
                        (entry, content) -> dispatch(stale, entry, content, scratch));
            }
            finishAll(running.stream().filter(r -> r.hit == null).toList(), files);
            for (Running r : running) {
                if (r.hit != null) {
                    r.takeKept();
                } else if (cache != null && r.key != null && !r.askedJarIndex) {
                    r.keep(cache, distro.get(), warnings);
                }
            }
        } finally {
            deleteRecursively(scratch);
        }
        for (Running r : running) {
            warnings.addAll(r.warnings);
        }
        List<Package> packages = assemble(running, files, warnings);
        if (secrets == null) {
            return new Sbom(info, distro.get(), packages, warnings);
        }
        warnings.addAll(secrets.warnings());
        return new Sbom(info, distro.get(), packages, warnings, secrets.result());
    }

    /** The distro's cache key and what was kept under it (null for nothing). */
    private record DistroKept(String key, CatalogCache.Entry hit) {}

    /**
     * Keys every cataloger's inputs and the release files in one walk over the index, and takes what the cache kept for
     * each key (a cataloger's result only where its recorded look-ups still give the same answers).
     */
    private DistroKept lookUp(List<Running> running, DistroDetector.Collector releaseFiles, FileSystemView files,
            List<String> warnings) {
        List<CatalogCache.Key> keys = new ArrayList<>();
        Map<Path, String> codeVersions = new HashMap<>();
        List<String> versions = new ArrayList<>();
        for (Running r : running) {
            String version = CatalogerVersions.of(r.cataloger, codeVersions);
            versions.add(version);
            keys.add(new CatalogCache.Key(r.cataloger.name(), version == null ? "" : version, selection));
        }
        for (FileEntry e : files.entries()) {
            if (!e.isFile()) {
                continue;
            }
            if (!CatalogCache.keyable(e)) {
                // a root filesystem (fs://): no diff_id names a file's content, and a look-up's answer cannot stand
                // for a read made while finishing; nothing is taken or kept
                return null;
            }
            for (int i = 0; i < running.size(); i++) {
                Cataloger.Session session = running.get(i).session;
                if (session.wants(e) || (session instanceof Cataloger.Considering c && c.considers(e))) {
                    keys.get(i).add(e);
                }
            }
        }
        for (int i = 0; i < running.size(); i++) {
            if (versions.get(i) != null) { // code of unknown origin: its results are neither taken nor kept
                running.get(i).takeFromCache(cache, keys.get(i).hex(), files, warnings);
            }
        }
        CatalogCache.Key distroKey = new CatalogCache.Key(DISTRO, DistroDetector.class.getName(), selection);
        for (Map.Entry<String, FileEntry> source : releaseFiles.sources().entrySet()) {
            distroKey.add(source.getKey(), source.getValue());
        }
        String key = distroKey.hex();
        return new DistroKept(key, cache.get(key, warnings::add).orElse(null));
    }

    /** Gives one file to every session that wants it; a failing session gets a warning, not the scan. */
    private static void dispatch(List<Running> running, FileEntry entry, InputStream content, Path scratch) throws IOException {
        List<Running> takers = running.stream().filter(r -> r.hit == null && r.session.wants(entry)).toList();
        if (takers.size() == 1) {
            takers.get(0).accept(entry, CloseShieldInputStream.wrap(content)); // the layer stream goes on after this file
            return;
        }
        if (takers.isEmpty()) {
            return;
        }
        // Several catalogers want the same file: keep a copy so each reads it from the start.
        if (entry.size() <= CatalogLimits.MAX_SHARED_BUFFER_BYTES) {
            byte[] bytes = content.readNBytes(CatalogLimits.MAX_SHARED_BUFFER_BYTES + 1);
            for (Running r : takers) {
                r.accept(entry, new ByteArrayInputStream(bytes));
            }
        } else {
            Path copy = Files.createTempFile(scratch, "shared-", ".bin");
            try {
                Files.copy(content, copy, StandardCopyOption.REPLACE_EXISTING);
                for (Running r : takers) {
                    try (InputStream in = Files.newInputStream(copy)) {
                        r.accept(entry, in);
                    }
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }

    /** Finishes every session; they share nothing, so they run side by side. */
    private static void finishAll(List<Running> running, FileSystemView files) throws IOException {
        int threads = Math.max(1, Math.min(running.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Running r : running) {
                futures.add(executor.submit(() -> r.finish(files)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while cataloguing", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cataloger failed outside its guard", e.getCause());
                }
            }
        }
    }

    private static List<Package> assemble(List<Running> running, FileSystemView files, List<String> warnings) {
        List<Package> all = new ArrayList<>();
        Map<String, String> ownerByPath = new HashMap<>();
        boolean anyLanguagePackage = false;
        PathCanonicalizer canonical = new PathCanonicalizer(files);
        for (Running r : running) {
            for (Found found : r.found) {
                anyLanguagePackage |= found.owned == null;
            }
        }
        int ownedCount = 0;
        for (Running r : running) {
            for (Found found : r.found) {
                if (found.owned != null && anyLanguagePackage) {
                    for (String path : found.owned) {
                        if (ownedCount >= CatalogLimits.MAX_OWNED_PATHS) {
                            break;
                        }
                        if (ownerByPath.putIfAbsent(canonical.of(path), found.pkg.purl()) == null) {
                            ownedCount++;
                        }
                    }
                }
            }
        }
        if (ownedCount >= CatalogLimits.MAX_OWNED_PATHS) {
            warnings.add("more than " + CatalogLimits.MAX_OWNED_PATHS + " files owned by OS packages: ownership of the rest not recorded");
        }
        for (Running r : running) {
            for (Found found : r.found) {
                all.add(found.owned == null ? withOwner(found.pkg, ownerByPath) : found.pkg);
            }
        }
        return withUniqueIds(all).stream()
                .sorted(Comparator.comparing(Package::purl)
                        .thenComparing(p -> p.locations().isEmpty() ? "" : p.locations().get(0).path())
                        .thenComparing(Package::id))
                .toList();
    }

    private static Package withOwner(Package pkg, Map<String, String> ownerByPath) {
        if (ownerByPath.isEmpty() || pkg.properties().containsKey(PackageProperties.OWNED_BY)) {
            return pkg;
        }
        for (Location location : pkg.locations()) {
            String path = location.path();
            int nested = path.indexOf("!/");
            String owner = ownerByPath.get(nested < 0 ? path : path.substring(0, nested));
            if (owner != null) {
                return pkg.withProperty(PackageProperties.OWNED_BY, owner);
            }
        }
        return pkg;
    }

    /**
     * Catalogers give ids; a missing one is derived from the package, and a clash (two catalogers
     * choosing the same id) gets a numbered suffix so references stay unambiguous.
     */
    private static List<Package> withUniqueIds(List<Package> packages) {
        Set<String> seen = new HashSet<>();
        List<Package> result = new ArrayList<>(packages.size());
        for (Package pkg : packages) {
            String id = pkg.id();
            if (id == null || id.isBlank()) {
                id = PackageIds.of(pkg.foundBy(), pkg.purl(), pkg.locations().isEmpty() ? "" : pkg.locations().get(0).path());
            }
            String unique = id;
            for (int n = 2; !seen.add(unique); n++) {
                unique = id + "-" + n;
            }
            result.add(unique.equals(pkg.id()) ? pkg : pkg.withId(unique));
        }
        return result;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private record Found(Package pkg, Collection<String> owned) {}

    /** One cataloger's session in this run, with its own warnings and findings. */
    private static final class Running {
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

        Running(Cataloger cataloger, Supplier<Distro> distro, Path scratch, LicenseNames licenseNames, JarIndex jarIndex) {
            this.cataloger = cataloger;
            JarIndex watched = jarIndex == JarIndex.NONE ? JarIndex.NONE : sha1s -> {
                askedJarIndex = true; // the index changes with the advisory store: such a result is not kept
                return jarIndex.find(sha1s);
            };
            this.session = cataloger.start(new CatalogContext(distro, this::warn, scratch, licenseNames, watched));
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
                    synchronized (Running.this) {
                        found.add(new Found(pkg, null));
                    }
                }

                @Override
                public void add(Package pkg, Collection<String> ownedPaths) {
                    synchronized (Running.this) {
                        found.add(new Found(pkg, List.copyOf(ownedPaths)));
                    }
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
            return e instanceof dev.warden.core.WardenException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * Package databases name files by the path the package ships them under ("/lib/x/libc.so.6");
     * in a merged-/usr image the file sits at "/usr/lib/x/libc.so.6". Resolving the folder inside
     * the image gives the path a language cataloger sees.
     */
    private static final class PathCanonicalizer {
        private final FileSystemView files;
        private final Map<String, String> folders = new HashMap<>();

        PathCanonicalizer(FileSystemView files) {
            this.files = files;
        }

        String of(String path) {
            int slash = path.lastIndexOf('/');
            if (slash <= 0) {
                return path;
            }
            String folder = folders.computeIfAbsent(path.substring(0, slash),
                    f -> files.resolve(f).map(FileEntry::path).orElse(f));
            return folder + path.substring(slash);
        }
    }
}
