package dev.warden.catalog;

import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Finds the packages of one ecosystem. A cataloger never walks the filesystem itself: it says
 * which files it wants, receives each one's content once (streamed, layer by layer), and reports
 * what it found. One {@link Session} per image keeps catalogers free of shared mutable state, so
 * sessions for different images can run in parallel.
 */
public interface Cataloger {

    /** Short, stable name, e.g. "dpkg", "java-archive"; recorded as each package's foundBy. */
    String name();

    /**
     * The version of what this cataloger reports; change it when the same files give other packages, so results kept
     * per layer ({@link CatalogCache}) made by the old code are not used.
     */
    default String version() {
        return "1";
    }

    /** Starts cataloguing one image. */
    Session start(CatalogContext context);

    interface Session {
        /**
         * Whether this cataloger wants the content of {@code entry}. Decided on the path and metadata
         * alone (name, size, mode); content-based detection (Go binaries) asks for candidates here and
         * checks magic bytes in {@link #accept}.
         */
        boolean wants(FileEntry entry);

        /** Receives the content of a wanted file; the stream is valid only during the call. */
        void accept(FileEntry entry, InputStream content) throws IOException;

        /**
         * Called after every wanted file was delivered; {@code files} gives access to the index (e.g.
         * to resolve a symlink). Reports the packages through {@code sink}.
         */
        void finish(FileSystemView files, PackageSink sink) throws IOException;
    }

    /**
     * A session whose {@code finish} reads the index's listing ({@link FileSystemView#entries()}) for the metadata of
     * some entries: it names them here, so that a kept result ({@link CatalogCache}) is keyed by them too. A session that
     * lists the index without saying so gets its result kept only for an identical listing.
     */
    interface Considering extends Session {
        /** Whether this entry's metadata (path, size, mode, layer; not its content) can change what finish reports. */
        boolean considers(FileEntry entry);
    }

    /**
     * A cataloger whose result is the sum of per-file results: what it reports for a wanted file depends on that file
     * alone (its path, metadata and content, not the distro or other files), each package's first location is that
     * file, and each warning about it begins with its path. Its results are then also kept per file ({@link CatalogCache}),
     * so an image whose own layer adds one binary does not read the base's binaries again.
     */
    interface PerFile {}

    /**
     * A session whose work on each file ({@link #accept}) stands alone and can be kept: what it made of a file depends on
     * that file alone (its path, metadata and content), and whatever joins the files (an index asked once for all of
     * them, a file beside another, what one archive says of another) is done in {@link #finish}, over kept and read
     * files alike. Its parses are then also kept per file ({@link CatalogCache}), so an image whose own layer adds one
     * jar does not read the base's jars again, and the rules across files still see the whole image: finish runs every
     * time, with its look-ups recorded as usual. The order in which files are accepted or given back must not change
     * what finish reports.
     */
    interface KeptParses extends Session {
        /** What {@link #accept} made of {@code entry}, to keep; empty when nothing of it may be kept (it threw, say). */
        Optional<CatalogCache.Parse> parsed(FileEntry entry);

        /** Takes back what {@link #accept} made of {@code entry} in an earlier run, instead of reading it again. */
        void restore(FileEntry entry, CatalogCache.Parse kept);
    }
}
