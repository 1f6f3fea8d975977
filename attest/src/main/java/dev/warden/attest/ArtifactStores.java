package dev.warden.attest;

import dev.warden.core.WardenException;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.SourceRef;
import java.nio.file.Path;

/** Opens the store a SOURCE names: {@code oci-dir://PATH[:TAG|@DIGEST]}, {@code registry://REF} or a bare HOST/REPO:TAG. */
public final class ArtifactStores {
    private ArtifactStores() {}

    /** Parses {@code source} ({@link SourceRef#parse}) and opens its store. */
    public static ArtifactStore open(String source, SourceOptions options) {
        return open(SourceRef.parse(source), options);
    }

    public static ArtifactStore open(SourceRef source, SourceOptions options) {
        return switch (source) {
            case SourceRef.OciDir dir -> {
                String[] split = ImageSources.splitLayoutSelector(dir.spec());
                yield new LayoutStore(Path.of(split[0]), split[1], dir.text());
            }
            case SourceRef.Registry registry -> new RegistryStore(registry.name(), options);
            case SourceRef.Archive a -> notAStore(a);
            case SourceRef.Docker d -> notAStore(d);
            case SourceRef.Fs f -> notAStore(f);
            case SourceRef.SbomFile s -> notAStore(s);
        };
    }

    private static ArtifactStore notAStore(SourceRef source) {
        throw new WardenException("cannot sign or verify '" + OciDocuments.clip(source.text())
                + "': signatures live beside images in a registry (registry://HOST/REPO[:TAG|@DIGEST]) or an OCI layout (oci-dir://PATH[:TAG|@DIGEST])");
    }
}
