package dev.warden.catalog;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One catalog run in a process of its own (for {@link CatalogCacheTest}'s two processes sharing one cache folder):
 * {@code SOURCE LAYER-CACHE CATALOG-CACHE SCRATCH OUT}; writes {@link #describe} of the SBOM to OUT.
 */
public final class CatalogCacheProcess {
    private CatalogCacheProcess() {}

    public static void main(String[] args) throws Exception {
        try (ImageSource image = ImageSources.open(args[0], SourceOptions.defaults(Path.of(args[1])))) {
            Sbom sbom = Catalog.withDefaults(Path.of(args[3])).withCache(new CatalogCache(Path.of(args[2])))
                    .run(image.info(), image.files());
            Files.write(Path.of(args[4]), describe(sbom));
        }
    }

    /** Every package (id, purl, licences, locations, properties) and warning, one a line, in the SBOM's order. */
    static List<String> describe(Sbom sbom) {
        List<String> lines = new ArrayList<>();
        for (Package p : sbom.packages()) {
            lines.add(p.id() + " " + p.purl() + " " + p.licenses() + " " + p.locations() + " " + p.properties());
        }
        sbom.warnings().forEach(w -> lines.add("warning " + w));
        lines.add("distro " + sbom.distro());
        return lines;
    }
}
