package dev.warden.catalog;

import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.util.List;

/**
 * Runs catalogers over an image's final filesystem: detects the distro, gives each cataloger the
 * files it asks for in one streaming pass, and assembles the SBOM.
 */
public final class Catalog {
    private final List<Cataloger> catalogers;

    public Catalog(List<Cataloger> catalogers) {
        this.catalogers = List.copyOf(catalogers);
    }

    /** Every cataloger Warden has. */
    public static Catalog withDefaults() {
        return new Catalog(List.of());
    }

    public Sbom run(ImageInfo info, FileSystemView files) throws IOException {
        throw new WardenException("not implemented yet: catalog");
    }
}
