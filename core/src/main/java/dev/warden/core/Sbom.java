package dev.warden.core;

import java.util.List;

/**
 * Everything the catalog knows about one image: its identity, OS, packages and, when asked for, the secrets
 * in its files ({@link SecretScan#NOT_SCANNED} otherwise).
 */
public record Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings, SecretScan secrets) {
    public Sbom {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
        secrets = secrets == null ? SecretScan.NOT_SCANNED : secrets;
    }

    /** An SBOM without secret scanning (read back from a file, or not asked for). */
    public Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings) {
        this(image, distro, packages, warnings, SecretScan.NOT_SCANNED);
    }
}
