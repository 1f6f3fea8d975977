package dev.warden.image;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import dev.warden.image.registry.RegistrySource;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the image a {@link SourceRef} names: {@code oci-dir://PATH[:TAG|@DIGEST]}, {@code archive://FILE[:TAG]},
 * {@code fs://PATH} (also {@code fs:/}), {@code registry://HOST/REPO[:TAG|@DIGEST]}, a bare {@code HOST/REPO:TAG} or
 * {@code docker://NAME[:TAG|@DIGEST]} from a local engine; a bare {@code HOST/REPO:TAG} the local engine holds is read
 * from the engine.
 * ({@code sbom://} is handled by the catalog, which owns SBOM formats.)
 */
public final class ImageSources {
    private ImageSources() {}

    /** Parses {@code source} ({@link SourceRef#parse}) and opens it. */
    public static ImageSource open(String source, SourceOptions options) throws IOException {
        return open(SourceRef.parse(source), options);
    }

    public static ImageSource open(SourceRef source, SourceOptions options) throws IOException {
        return open(source, options, System.getenv());
    }

    /**
     * {@code env} locates a container engine (DOCKER_HOST): for {@code docker://}, and for a bare {@code HOST/REPO:TAG},
     * which is read from the engine when it holds that image and from the registry otherwise.
     */
    public static ImageSource open(SourceRef source, SourceOptions options, Map<String, String> env) throws IOException {
        if (source instanceof SourceRef.Registry bare && !bare.text().startsWith("registry://")) {
            Optional<ImageSource> local = EngineSource.openIfHeld(bare.name(), bare.text(), options, env);
            if (local.isPresent()) {
                return local.get();
            }
        }
        return switch (source) {
            case SourceRef.Fs fs -> DirectorySource.open(fs.path(), fs.text(), options);
            case SourceRef.OciDir dir -> OciLayoutSource.open(dir.spec(), dir.text(), options);
            case SourceRef.Archive archive -> ArchiveSource.open(archive.spec(), archive.text(), options);
            case SourceRef.Registry registry -> ManifestImages.named(RegistrySource.open(registry.reference(), registry.name(), options),
                    Map.of(OciLayouts.REF_NAME, fullName(registry.reference())));
            case SourceRef.Docker docker -> EngineSource.open(docker.name(), docker.text(), options, env);
            case SourceRef.SbomFile sbom -> throw new WardenException("unsupported image source '" + sbom.text() + "': " + SourceRef.USAGE);
        };
    }

    /** The image's name as every peer writes it: host/repository:tag, Docker Hub's shorthands spelled out; the digest is its own field. */
    private static String fullName(RegistryReference reference) {
        return reference.registry() + "/" + reference.repository() + (reference.tag() != null ? ":" + reference.tag() : "");
    }

    /**
     * Splits an OCI layout's "PATH", "PATH:TAG" or "PATH@DIGEST" (PATH may itself hold ':' or '@': the longest
     * existing directory wins) into {path, selector-or-null}; a digest selector keeps its '@'.
     */
    public static String[] splitLayoutSelector(String spec) {
        return OciLayoutSource.splitSelector(spec, java.nio.file.Files::isDirectory);
    }
}
