package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a path given as a SOURCE holds, so that an existing path needs no scheme (as in Grype and Syft) and a path given
 * with the wrong scheme, or none that exists, gets a message naming the right one and what it was relative to.
 */
public final class SourcePaths {
    /** Bytes read from a file to tell an SBOM (JSON) from an archive: a JSON document's first character comes early. */
    static final int SNIFF_BYTES = 512;
    /** A scheme: letters, then "://". */
    static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
    /** The prefixes Warden also takes without "//": fs:/x, sbom:x, oci-dir:x, archive:x. */
    static final Pattern PREFIXES = Pattern.compile("(fs|sbom|oci-dir|archive):");
    /** Text that can only be a path (no image name starts so or ends so), reported as a missing path, not a bad name. */
    static final Pattern PATH_LIKE = Pattern.compile("^(/|\\.{1,2}(/|$)|~)|\\.(tar|tar\\.gz|tgz|json)$");

    /** What a path is, as a SOURCE scheme. */
    public enum Kind {
        OCI_LAYOUT("oci-dir://"), DIRECTORY("fs://"), ARCHIVE("archive://"), SBOM("sbom://");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    private SourcePaths() {}

    /** The kind of what {@code path} holds, or empty when nothing is there. */
    public static Optional<Kind> kind(Path path) {
        if (Files.isDirectory(path)) {
            return Optional.of(Files.isRegularFile(path.resolve("oci-layout")) ? Kind.OCI_LAYOUT : Kind.DIRECTORY);
        }
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw new WardenException(path + ": cannot read: " + e.getMessage(), e);
        }
        return Optional.of(looksLikeJson(head) ? Kind.SBOM : Kind.ARCHIVE);
    }

    private static boolean looksLikeJson(byte[] head) {
        for (byte b : head) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xff) != 0xef && (b & 0xff) != 0xbb && (b & 0xff) != 0xbf) {
                return false; // a byte-order mark may come first
            }
        }
        return false;
    }

    /**
     * The error for a source whose path holds something else than {@code expected} names: the scheme that fits what is
     * there, or, when nothing is, that the path was resolved against the working directory.
     */
    public static WardenException wrongKind(String reference, Path path, String expected) {
        Optional<Kind> kind = kind(path);
        if (kind.isEmpty()) {
            return missing(reference, path);
        }
        return new WardenException(reference + ": not " + expected + "; " + path + " is " + describe(kind.get())
                + ": use " + kind.get().scheme() + path);
    }

    /** The error for a path that does not exist, naming the directory a relative one was resolved against. */
    public static WardenException missing(String reference, Path path) {
        String where = path.isAbsolute() ? "" : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")";
        return new WardenException(reference + ": no such file or directory: " + path + where);
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case OCI_LAYOUT -> "an OCI image layout";
            case DIRECTORY -> "a directory";
            case ARCHIVE -> "a file (an image archive?)";
            case SBOM -> "a JSON file (an SBOM?)";
        };
    }
}
