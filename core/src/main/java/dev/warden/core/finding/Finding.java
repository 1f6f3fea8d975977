package dev.warden.core.finding;

import dev.warden.core.Package;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.vex.VexDecision;
import java.time.Instant;
import java.util.List;

/**
 * One vulnerability in one package of an image: the unit every report, VEX statement and policy works on.
 * There is exactly one finding per (package, vulnerability); advisories that name the same vulnerability
 * under other ids are merged into it.
 *
 * @param id             primary id: the CVE when there is one, else the first advisory id (GHSA, GO, PYSEC...)
 * @param aliases        every other id of this vulnerability, never containing {@code id}
 * @param pkg            the package as the SBOM lists it (for OS packages: the binary package)
 * @param matchedName    the name the advisory was matched on (source package for OS packages)
 * @param matchedVersion the version compared (source version for OS packages)
 * @param ecosystem      the advisory ecosystem that matched: {@code Debian:12}, {@code Go}, {@code PyPI}
 * @param status         the distro's or advisory's judgement for this package
 * @param fixedVersions  versions that fix it for this package's stream; empty when none
 * @param severity       the rating chosen (distro first, then CVSS v4, v3, v2 of the advisory, then NVD)
 * @param ratings        every rating known, for reports that show them all
 * @param kev            CISA KEV entry, null when not known exploited
 * @param epss           EPSS score, null when not scored
 * @param title          one line (advisory summary or the start of its description)
 * @param description    longer text, may be empty
 * @param references     URLs
 * @param advisoryIds    ids of the stored advisories that produced this finding
 * @param published      earliest publication date known, may be null
 * @param vex            the VEX statement applied to this finding, null when none applies
 */
public record Finding(
        String id,
        List<String> aliases,
        Package pkg,
        String matchedName,
        String matchedVersion,
        String ecosystem,
        AffectedStatus status,
        List<String> fixedVersions,
        Rating severity,
        List<Rating> ratings,
        KevEntry kev,
        EpssEntry epss,
        String title,
        String description,
        List<String> references,
        List<String> advisoryIds,
        Instant published,
        VexDecision vex) {

    public Finding {
        aliases = List.copyOf(aliases);
        fixedVersions = List.copyOf(fixedVersions);
        ratings = List.copyOf(ratings);
        references = List.copyOf(references);
        advisoryIds = List.copyOf(advisoryIds);
        title = title == null ? "" : title;
        description = description == null ? "" : description;
    }

    /** A fixed version exists for this package's stream. */
    public boolean fixable() {
        return !fixedVersions.isEmpty();
    }

    /** A VEX statement says not_affected or fixed: reports hide it by default, policies ignore it. */
    public boolean suppressed() {
        return vex != null && vex.suppresses();
    }

    /** {@code id} followed by {@code aliases}. */
    public List<String> allIds() {
        var ids = new java.util.ArrayList<String>(aliases.size() + 1);
        ids.add(id);
        ids.addAll(aliases);
        return List.copyOf(ids);
    }

    public Finding withVex(VexDecision decision) {
        return new Finding(id, aliases, pkg, matchedName, matchedVersion, ecosystem, status, fixedVersions, severity,
                ratings, kev, epss, title, description, references, advisoryIds, published, decision);
    }
}
