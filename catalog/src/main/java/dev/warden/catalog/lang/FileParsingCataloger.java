package dev.warden.catalog.lang;

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

    @Override
    public Session start(CatalogContext context) {
        return new ParsingSession(context);
    }

    /** Where a parser reports what it found in one file. */
    final class Found {
        private final FileEntry entry;
        private final CatalogContext context;
        private final Licenses licenses;
        private final Object run;
        private final List<Package> packages = new ArrayList<>();

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

        void warn(String message) {
            context.warn(message);
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

    private final class ParsingSession implements Session {
        private final CatalogContext context;
        private final Licenses licenses;
        private final Object run = startRun();
        private final Map<FileEntry, List<Package>> byFile = new LinkedHashMap<>();

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
            try {
                parse(entry, content, found);
            } catch (WardenException e) {
                context.warn(e.getMessage());
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                // Read and decode errors come from the file's content (bad JSON, truncated data). The
                // context names the cataloger; Jackson's own message ends in a location on a second line.
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                context.warn(entry.path() + ": could not read it (" + why + ")");
            }
            if (!found.packages.isEmpty()) {
                byFile.put(entry, found.packages);
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            List<Package> kept = new ArrayList<>();
            byFile.forEach((entry, packages) -> {
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
}
