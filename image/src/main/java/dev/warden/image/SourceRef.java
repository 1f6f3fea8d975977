package dev.warden.image;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A SOURCE argument, read once: which kind of source it names and where. Every command and the server hand this
 * down instead of the string, so no stage reads the prefix again. A source with a scheme is read lexically; one
 * without is looked up as a path first ({@link #parse}); what the named place holds is checked when it is opened.
 */
public sealed interface SourceRef permits SourceRef.OciDir, SourceRef.Archive, SourceRef.Registry, SourceRef.Docker,
        SourceRef.Fs, SourceRef.SbomFile {

    /** Every form a SOURCE may take: errors and every command's help list them all. */
    String FORMS = "oci-dir://PATH[:TAG|@DIGEST], archive://FILE[:TAG] (docker save or OCI archive), fs://PATH, "
            + "sbom://FILE (CycloneDX or SPDX JSON), registry://HOST/REPO[:TAG|@DIGEST], docker://NAME[:TAG|@DIGEST] "
            + "(local engine), NAME[:TAG|@DIGEST] (a registry image; Docker Hub when it names no host: alpine:3.19), "
            + "or an existing path (a directory, OCI layout, archive or SBOM file)";
    String USAGE = "expected " + FORMS;

    /** The SOURCE as the user wrote it: the image's reference and every message name it so. */
    String text();

    /** {@code oci-dir://PATH[:TAG|@DIGEST]}; {@code spec} is PATH with its selector, split when opened (a path may hold ':'). */
    record OciDir(String text, String spec) implements SourceRef {}

    /** {@code archive://FILE[:TAG|@DIGEST]}: docker save or OCI archive; {@code spec} as for {@link OciDir}. */
    record Archive(String text, String spec) implements SourceRef {}

    /** {@code registry://HOST/REPO[:TAG|@DIGEST]} or a bare {@code HOST/REPO:TAG}; {@code name} is the text without the prefix. */
    record Registry(String text, String name, RegistryReference reference) implements SourceRef {}

    /** {@code docker://NAME[:TAG|@DIGEST]} (or an image id): an image a local Docker-compatible engine holds. */
    record Docker(String text, String name) implements SourceRef {}

    /** {@code fs://PATH} or {@code fs:PATH}: a root filesystem; {@code path} as written ("" is the working directory). */
    record Fs(String text, String path) implements SourceRef {}

    /** {@code sbom://FILE} or {@code sbom:FILE}: an SBOM (CycloneDX, SPDX, Warden JSON) read instead of an image. */
    record SbomFile(String text, Path file) implements SourceRef {}

    /**
     * Reads a SOURCE as a user writes it: with a scheme; an existing path without one (a directory is {@code fs://}, a
     * directory with an {@code oci-layout} file {@code oci-dir://}, a JSON file {@code sbom://}, another file
     * {@code archive://}, as Grype and Syft take paths; the source's text then carries the scheme, so reports say how it
     * was read); else an image name, Docker Hub's when it has no host ({@code alpine:3.19} is
     * {@code docker.io/library/alpine:3.19}, {@code user/app} is {@code docker.io/user/app}). An empty, unknown or
     * malformed one is a {@link WardenException} naming it.
     */
    static SourceRef parse(String text) {
        if (text != null && !text.isBlank() && !SourcePaths.SCHEME.matcher(text).lookingAt()
                && !SourcePaths.PREFIXES.matcher(text).lookingAt()) {
            Optional<SourcePaths.Kind> kind;
            Path path;
            try {
                path = Path.of(text);
                kind = SourcePaths.kind(path);
            } catch (InvalidPathException e) {
                throw new WardenException("unsupported image source '" + text + "': " + USAGE);
            }
            if (kind.isPresent()) {
                return parseWithoutFiles(kind.get().scheme() + text);
            }
            if (SourcePaths.PATH_LIKE.matcher(text).find()) {
                throw SourcePaths.missing("image source '" + text + "'", path);
            }
            try {
                return new Registry(text, text, RegistryReference.parse(text));
            } catch (WardenException notAName) {
                throw new WardenException("unsupported image source '" + text + "': no such file or directory (relative to the "
                        + "working directory " + Path.of("").toAbsolutePath() + ") and " + notAName.getMessage() + "; " + USAGE);
            }
        }
        return parseWithoutFiles(text);
    }

    /**
     * Reads a SOURCE lexically, touching no file: schemes and registry names only. For names found in images
     * (annotations, provenance), which must never make Warden look at this machine's files.
     */
    static SourceRef parseWithoutFiles(String text) {
        if (text == null || text.isBlank()) {
            throw new WardenException("empty image source: " + USAGE);
        }
        if (text.startsWith("fs:")) {
            return new Fs(text, stripScheme(text, "fs:"));
        }
        if (text.startsWith("oci-dir:")) {
            return new OciDir(text, stripScheme(text, "oci-dir:"));
        }
        if (text.startsWith("archive:")) {
            return new Archive(text, stripScheme(text, "archive:"));
        }
        if (text.startsWith("sbom:")) {
            String path = stripScheme(text, "sbom:");
            if (path.isBlank()) {
                throw new WardenException("empty SBOM source '" + text + "': expected sbom://FILE");
            }
            return new SbomFile(text, Path.of(path));
        }
        if (text.startsWith("docker://")) {
            String name = text.substring("docker://".length());
            if (name.isBlank()) {
                throw new WardenException("empty engine image '" + text + "': expected docker://NAME[:TAG|@DIGEST]");
            }
            return new Docker(text, name);
        }
        if (text.startsWith("registry://")) {
            String name = text.substring("registry://".length());
            return new Registry(text, name, RegistryReference.parse(name));
        }
        if (!text.contains("://") && text.indexOf('/') > 0) {
            return new Registry(text, text, RegistryReference.parse(text));
        }
        throw new WardenException("unsupported image source '" + text + "': " + USAGE);
    }

    /** "fs:///x" and "fs:/x" both mean "/x"; "fs://rel" means the relative path "rel". */
    private static String stripScheme(String source, String scheme) {
        String rest = source.substring(scheme.length());
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }
}
