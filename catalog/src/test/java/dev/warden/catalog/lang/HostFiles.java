package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.testing.HostEntry;
import dev.warden.core.Package;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.LocalFileContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link FileSystemView} over directories of this machine, with entry paths as they are here: lets
 * tests run a cataloger over real trees (~/.m2, site-packages, node_modules) without an image.
 */
final class HostFiles implements FileSystemView {
    private final List<FileEntry> entries;
    /** Whether content is handed over as local files (random access, as fs:// sources do) rather than as streams. */
    private final boolean local;

    private HostFiles(List<FileEntry> entries) {
        this(entries, false);
    }

    private HostFiles(List<FileEntry> entries, boolean local) {
        this.entries = entries;
        this.local = local;
    }

    /** The same files handed over as {@link LocalFileContent}, as {@code fs://} sources hand them over. */
    HostFiles asLocalFiles() {
        return new HostFiles(entries, true);
    }

    /** Every entry under {@code roots} (not following symlinks). */
    static HostFiles of(Path... roots) {
        List<FileEntry> entries = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.forEach(p -> entries.add(entry(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        entries.sort(java.util.Comparator.comparing(FileEntry::path));
        return new HostFiles(entries);
    }

    private static FileEntry entry(Path p) {
        return HostEntry.of(p, p.toAbsolutePath().normalize().toString());
    }

    @Override
    public List<FileEntry> entries() {
        return entries;
    }

    @Override
    public Optional<FileEntry> entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    @Override
    public Optional<FileEntry> resolve(String path) {
        return entry(path);
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
        for (FileEntry e : entries) {
            if (e.isFile() && wanted.test(e)) {
                if (local) {
                    LocalFileContent in = LocalFileContent.open(Path.of(e.path()));
                    try {
                        visitor.visit(e, in);
                    } finally {
                        in.release();
                    }
                } else {
                    try (InputStream in = Files.newInputStream(Path.of(e.path()))) {
                        visitor.visit(e, in);
                    }
                }
            }
        }
    }

    /** What one cataloger found over some trees. */
    record Result(List<Package> packages, List<String> warnings) {
        List<Package> topLevel() {
            return packages.stream().filter(p -> p.parentId() == null).toList();
        }
    }

    /** Runs {@code cataloger} the way the orchestrator does: wants, accept each file, finish. */
    static Result run(Cataloger cataloger, Path... roots) throws IOException {
        return of(roots).run(cataloger);
    }

    /** As {@link #run(Cataloger, Path...)}, with the files handed over as local files ({@code fs://}). */
    static Result runInPlace(Cataloger cataloger, Path... roots) throws IOException {
        return of(roots).asLocalFiles().run(cataloger);
    }

    Result run(Cataloger cataloger) throws IOException {
        return run(cataloger, dev.warden.core.jar.JarIndex.NONE);
    }

    /** Runs {@code cataloger} with {@code jarIndex} as the run's jar index. */
    Result run(Cataloger cataloger, dev.warden.core.jar.JarIndex jarIndex) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Package> packages = new ArrayList<>();
        Cataloger.Session session = cataloger.start(new CatalogContext(() -> null, warnings::add,
                Path.of(System.getProperty("java.io.tmpdir")), new dev.warden.catalog.LicenseNames(), jarIndex));
        read(session::wants, session::accept);
        session.finish(this, packages::add);
        return new Result(packages, warnings);
    }
}
