package dev.warden.match;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import java.util.List;

/**
 * One advisory entry that says a package is affected.
 *
 * @param candidate     how the package was matched (its source, or for rpm also its binary name)
 * @param fixedVersions the fix for this package's stream (the lowest {@code fixed} above the installed
 *                      version in each range that includes it); empty when there is none
 */
record Hit(Candidate candidate, Advisory advisory, AffectedPackage entry, AffectedStatus status, List<String> fixedVersions) {
    Hit {
        fixedVersions = List.copyOf(fixedVersions);
    }
}
