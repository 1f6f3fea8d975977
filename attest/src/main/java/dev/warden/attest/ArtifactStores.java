package dev.warden.attest;

import dev.warden.core.WardenException;
import dev.warden.image.SourceOptions;
import java.nio.file.Path;

/** Opens the store a SOURCE names: {@code oci-dir://PATH[:TAG|@DIGEST]}, {@code registry://REF} or a bare HOST/REPO:TAG. */
public final class ArtifactStores {
    private ArtifactStores() {}

    public static ArtifactStore open(String source, SourceOptions options) {
        if (source.startsWith("oci-dir:")) {
            String spec = source.substring("oci-dir:".length());
            spec = spec.startsWith("//") ? spec.substring(2) : spec;
            String[] split = dev.warden.image.ImageSources.splitLayoutSelector(spec);
            return new LayoutStore(Path.of(split[0]), split[1], source);
        }
        if (source.startsWith("registry://")) {
            return new RegistryStore(source.substring("registry://".length()), options);
        }
        if (!source.matches("(?i)(fs|archive|sbom|docker):.*") && !source.contains("://") && source.indexOf('/') > 0) {
            return new RegistryStore(source, options);
        }
        throw new WardenException("cannot sign or verify '" + OciDocuments.clip(source)
                + "': signatures live beside images in a registry (registry://HOST/REPO[:TAG|@DIGEST]) or an OCI layout (oci-dir://PATH[:TAG|@DIGEST])");
    }
}
