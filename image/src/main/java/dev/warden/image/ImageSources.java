package dev.warden.image;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistrySource;
import java.io.IOException;

/**
 * Opens the image a {@link SourceRef} names: {@code oci-dir://PATH[:TAG|@DIGEST]}, {@code archive://FILE[:TAG]},
 * {@code fs://PATH} (also {@code fs:/}), {@code registry://HOST/REPO[:TAG|@DIGEST]} or a bare {@code HOST/REPO:TAG}.
 * ({@code sbom://} is handled by the catalog, which owns SBOM formats.)
 */
public final class ImageSources {
    private ImageSources() {}

    /** Parses {@code source} ({@link SourceRef#parse}) and opens it. */
    public static ImageSource open(String source, SourceOptions options) throws IOException {
        return open(SourceRef.parse(source), options);
    }

    public static ImageSource open(SourceRef source, SourceOptions options) throws IOException {
        return switch (source) {
            case SourceRef.Fs fs -> DirectorySource.open(fs.path(), fs.text(), options);
            case SourceRef.OciDir dir -> OciLayoutSource.open(dir.spec(), dir.text(), options);
            case SourceRef.Archive archive -> ArchiveSource.open(archive.spec(), archive.text(), options);
            case SourceRef.Registry registry -> RegistrySource.open(registry.reference(), registry.name(), options);
            case SourceRef.SbomFile sbom -> throw new WardenException("unsupported image source '" + sbom.text() + "': " + SourceRef.USAGE);
        };
    }
}
