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
import dev.warden.image.LocalFileContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The shape most language catalogers share: pick files by path, parse each into packages on its own,
 * report them at the end. A file that cannot be parsed gives one warning naming it; the scan goes on.
 *
 * <p>A cataloger with {@link #readerThreads} parses the files of this machine ({@code fs://} sources hand them over as
 * {@link LocalFileContent}) on reader threads of its session ({@link AsideReaders}) while the walk goes on. What each
 * file gave (packages, warnings, {@link Found#inOrder} actions) is taken in the order the files were handed over, so
 * the run's result is the same as when every file is parsed on the handing thread.
 */
abstract class FileParsingCataloger implements Cataloger {

    /** Whether the file at this entry is one this cataloger reads (path and metadata only). */
    abstract boolean wants(FileEntry entry);

    /**
     * Reader threads for files of this machine; 0 (the default): every file is parsed on the thread that hands it
     * over. A cataloger that has some reads a local file by positional reads of its channel only, and its
     * {@link #parse} touches nothing but its {@link Found} (and thread-safe state).
     */
    int readerThreads() {
        return 0;
    }

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
     * ({@link Cataloger.KeptParses}): true only for a cataloger whose parse depends on the file alone, which joins files
     * (through {@link Found#note} and {@link #noted}) only in {@link #complete}, and which uses no {@link Found#inOrder}.
     * Its files' warnings and notes are then given in finish, in path order, so that files given back and files read
     * make the same result.
     */
    boolean keepsParses() {
        return false;
    }

    /**
     * A note a parse made of its file ({@link Found#note}), given to this session's {@link #startRun} object before
     * {@link #complete}: in the order files were handed over, or, for a cataloger that {@link #keepsParses}, in finish,
     * file after file in path order (parses kept and made now alike).
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
        private final List<Package> packages = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<Runnable> afterwards = new ArrayList<>();
        private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

        private Found(FileEntry entry, CatalogContext context, Licenses licenses, Object run) {
            this.entry = entry;
            this.context = context;
            this.licenses = licenses;
            this.run = run;
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

        /** A warning about the file, given to the run when the file's result is taken (in the order files came). */
        void warn(String message) {
            warnings.add(message);
        }

        /**
         * Runs {@code action} on the session's thread when this file's result is taken, after those of the files
         * handed over before it: for what a parser adds to its run's state where order matters.
         */
        void inOrder(Runnable action) {
            afterwards.add(action);
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

    /** A file handed over: what it gave, and the parse still under way on a reader thread (null when done). */
    private record Handed(Found found, Future<?> parsing) {}

    private class ParsingSession implements Session {
        final CatalogContext context;
        private final Licenses licenses;
        final Object run = startRun();
        private final Map<FileEntry, List<Package>> byFile = new LinkedHashMap<>();
        /** Files whose result is not taken yet, in the order handed over. */
        private final Deque<Handed> handed = new ArrayDeque<>();
        /** Started with the first local file, when the cataloger has reader threads. */
        private AsideReaders readers;

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
            Found found = new Found(entry, context, licenses, run);
            Optional<LocalFileContent> local = readerThreads() > 0 ? LocalFileContent.of(content) : Optional.empty();
            if (local.isPresent()) {
                if (readers == null) {
                    readers = new AsideReaders(name(), readerThreads());
                }
                LocalFileContent kept = local.get().keep();
                handed.add(new Handed(found, readers.submit(() -> {
                    try {
                        parseGuarded(entry, kept, found);
                    } finally {
                        releaseQuietly(kept);
                    }
                })));
            } else {
                parseGuarded(entry, content, found);
                handed.add(new Handed(found, null));
            }
            take(false);
        }

        /** Parses one file; what goes wrong becomes a warning of the file, as the run would give it. */
        private void parseGuarded(FileEntry entry, InputStream content, Found found) {
            try {
                parse(entry, content, found);
            } catch (WardenException e) {
                found.warn(e.getMessage());
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                // Read and decode errors come from the file's content (bad JSON, truncated data). The
                // context names the cataloger; Jackson's own message ends in a location on a second line.
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                found.warn(entry.path() + ": could not read it (" + why + ")");
            } catch (RuntimeException e) {
                // a parser tripped by an attacker-written file: the run's own words for it, nothing found kept
                found.packages.clear();
                found.warn(entry.path() + ": skipped: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void releaseQuietly(LocalFileContent content) {
            try {
                content.release();
            } catch (IOException e) {
                // closing a file only read: nothing of the result depends on it
            }
        }

        /** Takes the results of the files handed over, in order: those done (all, waiting for each, when {@code all}). */
        private void take(boolean all) throws IOException {
            while (!handed.isEmpty()) {
                Handed next = handed.peek();
                if (next.parsing() != null) {
                    if (!all && !next.parsing().isDone()) {
                        return;
                    }
                    awaitParse(next.parsing());
                }
                handed.poll();
                taken(next.found());
            }
        }

        /** What a file gave, in the order files were handed over. */
        void taken(Found found) {
            found.warnings.forEach(context::warn);
            found.afterwards.forEach(Runnable::run);
            found.notes.forEach((about, facts) -> noted(run, about, facts));
            if (!found.packages.isEmpty()) {
                byFile.put(found.entry, found.packages);
            }
        }

        /** The packages of each file, in the order finish takes them. */
        Map<FileEntry, List<Package>> byFile() {
            return byFile;
        }

        private void awaitParse(Future<?> parsing) throws IOException {
            try {
                parsing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading files");
            } catch (ExecutionException e) {
                // parseGuarded turned every exception into a warning: what is left is an Error (out of memory)
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("parse failed outside its guard", e.getCause());
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) throws IOException {
            try {
                take(true);
            } finally {
                if (readers != null) {
                    readers.close();
                }
            }
            List<Package> kept = new ArrayList<>();
            byFile().forEach((entry, packages) -> {
                if (keep(entry, files)) {
                    kept.addAll(packages);
                }
            });
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
     * A session whose parses are kept per file ({@link #keepsParses}): what each file gave, read now or given back, waits
     * for finish, which takes the files in path order.
     */
    private final class KeepingSession extends ParsingSession implements Cataloger.KeptParses {
        private final Map<String, Found> byPath = new TreeMap<>();

        KeepingSession(CatalogContext context) {
            super(context);
        }

        @Override
        void taken(Found found) {
            synchronized (byPath) {
                byPath.put(found.entry.path(), found);
            }
        }

        @Override
        Map<FileEntry, List<Package>> byFile() {
            Map<FileEntry, List<Package>> byFile = new LinkedHashMap<>();
            for (Found found : byPath.values()) {
                found.warnings.forEach(context::warn);
                found.notes.forEach((about, facts) -> noted(run, about, facts));
                if (!found.packages.isEmpty()) {
                    byFile.put(found.entry, found.packages);
                }
            }
            return byFile;
        }

        @Override
        public Optional<CatalogCache.Parse> parsed(FileEntry entry) {
            Found found;
            synchronized (byPath) {
                found = byPath.get(entry.path());
            }
            if (found == null || !found.entry.equals(entry) || !found.afterwards.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CatalogCache.Parse(found.packages, found.warnings, found.notes));
        }

        @Override
        public void restore(FileEntry entry, CatalogCache.Parse kept) {
            Found found = new Found(entry, context, null, run);
            found.packages.addAll(kept.packages());
            found.warnings.addAll(kept.warnings());
            found.notes.putAll(kept.notes());
            taken(found);
        }
    }
}
