package dev.warden.core;

import java.util.List;

/**
 * Everything the catalog knows about one image: its identity, OS, packages, when asked for, the secrets
 * in its files ({@link SecretScan#NOT_SCANNED} otherwise), and the facts the configuration checks judge
 * ({@link ConfigurationFacts#NOT_SEEN} for an SBOM read back), and what its cataloguing left out
 * ({@link SbomSelection#ALL} when nothing).
 */
public record Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings, SecretScan secrets,
                   ConfigurationFacts configuration, SbomSelection selection) {
    public Sbom {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
        secrets = secrets == null ? SecretScan.NOT_SCANNED : secrets;
        configuration = configuration == null ? ConfigurationFacts.NOT_SEEN : configuration;
        selection = selection == null ? SbomSelection.ALL : selection;
    }

    /** A complete SBOM: nothing left out of its cataloguing. */
    public Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings, SecretScan secrets,
                ConfigurationFacts configuration) {
        this(image, distro, packages, warnings, secrets, configuration, SbomSelection.ALL);
    }

    /** The same SBOM, recorded as catalogued with {@code chosen} left out. */
    public Sbom withSelection(SbomSelection chosen) {
        return new Sbom(image, distro, packages, warnings, secrets, configuration, chosen);
    }

    /** The same SBOM with these warnings instead of its own. */
    public Sbom withWarnings(List<String> replaced) {
        return new Sbom(image, distro, packages, replaced, secrets, configuration, selection);
    }

    /** An SBOM without configuration facts. */
    public Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings, SecretScan secrets) {
        this(image, distro, packages, warnings, secrets, ConfigurationFacts.NOT_SEEN);
    }

    /** The same SBOM with these configuration facts. */
    public Sbom withConfiguration(ConfigurationFacts facts) {
        return new Sbom(image, distro, packages, warnings, secrets, facts, selection);
    }

    /** An SBOM without secret scanning (read back from a file, or not asked for). */
    public Sbom(ImageInfo image, Distro distro, List<Package> packages, List<String> warnings) {
        this(image, distro, packages, warnings, SecretScan.NOT_SCANNED);
    }
}
