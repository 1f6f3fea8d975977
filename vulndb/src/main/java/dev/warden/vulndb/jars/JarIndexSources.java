package dev.warden.vulndb.jars;

import dev.warden.core.WardenException;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.store.JarIndexStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code warden db import PATH} reads into the jar index, told from the path itself: a folder holding a Maven
 * repository layout or Gradle's cache, Trivy's {@code trivy-java.db}, or the {@code javadb.tar.gz} of its OCI
 * artifact. Each import replaces the rows of its feed: {@code jars:ABSOLUTE-PATH} for a folder (importing the same
 * folder again refreshes it, other folders stay), {@code trivy-java-db} for Trivy's index.
 */
public final class JarIndexSources {
    public static final String TRIVY_FEED = "trivy-java-db";

    /** The kinds of input, as {@code feed_state.kind} records them. */
    public enum Kind {
        REPOSITORY("jar-repository"),
        TRIVY_DB("trivy-java-db"),
        TRIVY_ARCHIVE("trivy-java-db");

        private final String source;

        Kind(String source) {
            this.source = source;
        }

        public String source() {
            return source;
        }
    }

    private JarIndexSources() {}

    /** The kind of {@code path}, when it is jar index input (anything else is left to the advisory feeds). */
    public static Optional<Kind> detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return RepositoryJars.looksLikeRepository(path) ? Optional.of(Kind.REPOSITORY) : Optional.empty();
        }
        if (TrivyJavaDb.isArtifactArchive(path)) {
            return Optional.of(Kind.TRIVY_ARCHIVE);
        }
        if (TrivyJavaDb.isSqlite(path)) {
            return Optional.of(Kind.TRIVY_DB);
        }
        return Optional.empty();
    }

    /** The feed an import of {@code path} is recorded as, unless the user names one. */
    public static String defaultFeed(Kind kind, Path path) {
        return kind == Kind.REPOSITORY ? "jars:" + path.toAbsolutePath().normalize() : TRIVY_FEED;
    }

    /**
     * Imports {@code path} as {@code feed}; {@code location} is what {@code db status} shows as its source (the path,
     * or the OCI reference it was pulled from); {@code scratch} is where an artifact archive is unpacked (and removed).
     */
    public static ImportReport importInto(JarIndexStore store, Kind kind, Path path, String feed, String location, Path scratch) {
        return switch (kind) {
            case REPOSITORY -> store.importFeed(feed, kind.source(), location, Limits.MAX_WARNINGS_KEPT,
                    sink -> RepositoryJars.read(path, sink));
            case TRIVY_DB -> store.importFeed(feed, kind.source(), location, Limits.MAX_WARNINGS_KEPT,
                    sink -> TrivyJavaDb.read(path, sink));
            case TRIVY_ARCHIVE -> {
                Path db = null;
                try {
                    db = TrivyJavaDb.unpack(path, scratch);
                    Path file = db;
                    yield store.importFeed(feed, kind.source(), location, Limits.MAX_WARNINGS_KEPT, sink -> TrivyJavaDb.read(file, sink));
                } catch (IOException e) {
                    throw new WardenException(path + ": cannot unpack Trivy's Java index: " + e.getMessage(), e);
                } finally {
                    deleteQuietly(db);
                    deleteQuietly(scratch); // only when empty: the folder may be the user's
                }
            }
        };
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // scratch space
        }
    }
}
