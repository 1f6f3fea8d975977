package dev.warden.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an SBOM's cataloguing left out, as recorded in the SBOM itself ({@code --catalogers}, {@code --skip-dirs},
 * {@code --skip-files}): an SBOM made with them lists only part of the image, and every report made from it must say
 * so, or its clean result would pass for the whole image's (docs/sbom.md, "Choosing what is catalogued").
 *
 * @param catalogers the catalogers chosen, as the user named them; empty for all
 * @param skipDirs   directory globs whose contents were left out
 * @param skipFiles  file globs left out
 */
public record SbomSelection(List<String> catalogers, List<String> skipDirs, List<String> skipFiles) {
    /** Everything catalogued: a complete SBOM (and every SBOM that records no selection, as other tools' do not). */
    public static final SbomSelection ALL = new SbomSelection(List.of(), List.of(), List.of());
    /**
     * Entries read back from a file: the CLI takes at most 100 globs (CatalogSelection.MAX_GLOBS) and a dozen
     * catalogers; a document claiming thousands is hostile, and each entry is quoted in every report.
     */
    public static final int MAX_ENTRIES = 256;

    public SbomSelection {
        // null from a Warden JSON document that leaves a list out
        catalogers = catalogers == null ? List.of() : List.copyOf(catalogers);
        skipDirs = skipDirs == null ? List.of() : List.copyOf(skipDirs);
        skipFiles = skipFiles == null ? List.of() : List.copyOf(skipFiles);
    }

    /** Something was left out. */
    public boolean partial() {
        return !catalogers.isEmpty() || !skipDirs.isEmpty() || !skipFiles.isEmpty();
    }

    /** The selection as the flags that made it: {@code --catalogers os --skip-dirs /usr/share/doc}; empty when complete. */
    public String flags() {
        List<String> parts = new ArrayList<>();
        if (!catalogers.isEmpty()) {
            parts.add("--catalogers " + String.join(",", catalogers));
        }
        skipDirs.forEach(g -> parts.add("--skip-dirs " + g));
        skipFiles.forEach(g -> parts.add("--skip-files " + g));
        return SafeText.clean(String.join(" ", parts));
    }

    /**
     * The sentence every report made from a partial SBOM shows where its reader looks (table footer, banners, SARIF
     * run properties, JSON), empty for a complete one.
     */
    public Optional<String> caveat() {
        if (!partial()) {
            return Optional.empty();
        }
        return Optional.of("PARTIAL SBOM: catalogued with " + flags() + ", so packages left out are not listed and a clean "
                + "result does not cover them");
    }
}
