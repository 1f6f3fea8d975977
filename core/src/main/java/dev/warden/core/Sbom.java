package dev.warden.core;

import java.util.List;

/** Everything the catalog knows about one image: its identity, OS and packages. */
public record Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings) {
    public Sbom {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
    }
}
