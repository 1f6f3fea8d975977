package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.SourceOptions;
import java.io.IOException;

/** Opens images from an OCI distribution (v2) registry. */
public final class RegistrySource {
    private RegistrySource() {}

    /** {@code reference} is HOST[:PORT]/REPO[:TAG][@DIGEST], without the registry:// prefix. */
    public static ImageSource open(String reference, SourceOptions options) throws IOException {
        throw new WardenException("registry sources are not available yet: '" + reference + "'");
    }
}
