package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogCache;
import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shape most language catalogers share: pick files by path, parse each into packages on its own,
 * report them at the end. A file that cannot be parsed gives one warning naming it; the scan goes on.
 */
abstract class FileParsingCataloger implements Cataloger {

    /** Whether the file at this entry is one this cataloger reads (path and metadata only). */
    abstract boolean wants(FileEntry entry);

    /** Parses one wanted file; throws {@link WardenException} (naming the file) for bad content. */
    abstract void parse(FileEntry entry, InputStream content, Found found) throws IOException;

    /** Whether packages parsed from {@code entry} stand, now that the whole filesystem is known. */
    boolean keep(FileEntry entry, FileSystemView files) {
        return true;
    }

    /**
     * What a cataloger remembers across the files of one run (one session), for {@link #complete}; null for nothing.
     * A new object per session: the cataloger itself keeps no state.
     */
    Object startRun() {
        return null;
    }

    /**
     * The packages of every kept file, once the whole filesystem is known: a cataloger that learns more about its
     * packages at the end of the run (an index asked once for all of them, what another file said) returns them
     * revised, in the same order. {@code run} is this session's {@link #startRun} object.
     */
    List<Package> complete(List<Package> packages, FileSystemView files, CatalogContext context, Object run) {
        return packages;
    }

    /**
     * The files {@code pkg} installed, as paths in the image, when its metadata lists them (a Python distribution's
     * RECORD): they become the package's owned files, so that packages found in them (a jar or binary it bundles) get
     * it as their owner. Null when unknown. {@code run} is this session's {@link #startRun} object.
     */
    Collection<String> ownedFiles(Package pkg, Object run) {
        return null;
    }

    /**
     * Whether what {@link #parse} makes of a file may be kept and given back in a later run
     * ({@link Cataloger.KeptParses}): true only for a cataloger whose parse depends on the file alone and which joins
     * files (through {@link Found#note} and {@link #noted}) only in {@link #complete}. Its files' warnings and notes are
     * then given in finish, in path order, so that files given back and files read make the same result.
     */
    boolean keepsParses() {
        return false;
    }

    /**
     * A note a parse made of its file ({@link Found#note}), given to this session's {@link #startRun} object in
     * finish, before {@link #complete}, file after file in path order (parses kept and made now alike).
     */
    void noted(Object run, String about, Map<String, String> facts) {}

    @Override
    public Session start(CatalogContext context) {
        return keepsParses() ? new KeepingSession(context) : new ParsingSession(context);
    }

    /** Where a parser reports what it found in one file. */
    final class Found {
        private final FileEntry entry;
        private final CatalogContext context;
        private final Licenses licenses;
        private final Object run;
        /** Whether warnings wait for finish (a keeping session) rather than go to the run at once. */
        private final boolean deferred;
        private final List<Package> packages = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

        private Found(FileEntry entry, CatalogContext context, Licenses licenses, Object run, boolean deferred) {
            this.entry = entry;
            this.context = context;
            this.licenses = licenses;
            this.run = run;
            this.deferred = deferred;
        }

        /** This session's {@link #startRun} object. */
        Object run() {
            return run;
        }

        Location location() {
            return new Location(entry.path(), entry.layerDiffId());
        }

        Location location(String innerPath) {
            return new Location(innerPath, entry.layerDiffId());
        }

        void warn(String message) {
            if (deferred) {
                warnings.add(message);
            } else {
                context.warn(message);
            }
        }

        /**
         * Notes a fact of this file that the run's rules across files use ({@link #noted}, then {@link #complete}):
         * kept with the file's packages, so a run that does not read the file again still has it.
         */
        void note(String about, Map<String, String> facts) {
            notes.put(about, Map.copyOf(facts));
        }

        /** Maps the licence text of the file's metadata, remembering names for the whole run. */
        Licenses licenses() {
            return licenses;
        }

        /** Adds a package found at the file itself; returns it so nested packages can name it as parent. */
        Package add(LangPackages.Coordinates c, List<String> licenses, Map<String, String> properties) {
            return add(c, licenses, location(), null, properties);
        }

        Package add(LangPackages.Coordinates c, List<String> licenses, Location location, String parentId,
                Map<String, String> properties) {
            if (packages.size() >= LangLimits.MAX_LOCKFILE_PACKAGES) {
                throw new WardenException(entry.path() + ": more than " + LangLimits.MAX_LOCKFILE_PACKAGES
                        + " packages, kept the first ones");
            }
            Package p = LangPackages.create(name(), c, licenses, location, parentId, properties);
            packages.add(p);
            return p;
        }
    }

    private class ParsingSession implements Session {
        final CatalogContext context;
        private final Licenses licenses;
        final Object run = startRun();
        private final Map<FileEntry, Found> byFile = new LinkedHashMap<>();

        ParsingSession(CatalogContext context) {
            this.context = context;
            this.licenses = new Licenses(context.licenseNames());
        }

        @Override
        public boolean wants(FileEntry entry) {
            return entry.isFile() && FileParsingCataloger.this.wants(entry);
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            Found found = new Found(entry, context, licenses, run, this instanceof KeepingSession);
            try {
                parse(entry, content, found);
            } catch (WardenException e) {
                found.warn(e.getMessage());
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                // Read and decode errors come from the file's content (bad JSON, truncated data). The
                // context names the cataloger; Jackson's own message ends in a location on a second line.
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                found.warn(entry.path() + ": could not read it (" + why + ")");
            }
            accepted(entry, found);
        }

        /** Keeps what was made of a file for finish. */
        void accepted(FileEntry entry, Found found) {
            if (!found.packages.isEmpty() || !found.notes.isEmpty()) {
                byFile.put(entry, found);
            }
        }

        /** The files' results in the order finish takes them. */
        Collection<Map.Entry<FileEntry, Found>> files() {
            return byFile.entrySet();
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            List<Package> kept = new ArrayList<>();
            for (Map.Entry<FileEntry, Found> file : files()) {
                file.getValue().warnings.forEach(context::warn);
                file.getValue().notes.forEach((about, facts) -> noted(run, about, facts));
                if (!file.getValue().packages.isEmpty() && keep(file.getKey(), files)) {
                    kept.addAll(file.getValue().packages);
                }
            }
            for (Package p : complete(kept, files, context, run)) {
                Collection<String> owned = ownedFiles(p, run);
                if (owned == null) {
                    sink.add(p);
                } else {
                    sink.add(p, owned);
                }
            }
        }
    }

    /**
     * A session whose parses are kept per file ({@link #keepsParses}): files are taken in path order, whether read now or
     * given back, and each file's warnings and notes wait for finish.
     */
    private final class KeepingSession extends ParsingSession implements Cataloger.KeptParses {
        private final Map<String, Map.Entry<FileEntry, Found>> byPath = new TreeMap<>();

        KeepingSession(CatalogContext context) {
            super(context);
        }

        @Override
        void accepted(FileEntry entry, Found found) {
            synchronized (byPath) {
                byPath.put(entry.path(), Map.entry(entry, found));
            }
        }

        @Override
        Collection<Map.Entry<FileEntry, Found>> files() {
            return byPath.values();
        }

        @Override
        public Optional<CatalogCache.Parse> parsed(FileEntry entry) {
            Map.Entry<FileEntry, Found> file;
            synchronized (byPath) {
                file = byPath.get(entry.path());
            }
            if (file == null || !file.getKey().equals(entry)) {
                return Optional.empty();
            }
            Found found = file.getValue();
            return Optional.of(new CatalogCache.Parse(found.packages, found.warnings, found.notes));
        }

        @Override
        public void restore(FileEntry entry, CatalogCache.Parse kept) {
            Found found = new Found(entry, context, null, run, true);
            found.packages.addAll(kept.packages());
            found.warnings.addAll(kept.warnings());
            found.notes.putAll(kept.notes());
            accepted(entry, found);
        }
    }
}
