package dev.warden.core.advisory;

import java.time.Instant;
import java.util.List;

/**
 * One advisory as stored, whatever feed it came from, shaped after the OSV schema (the richest common
 * model): a Debian tracker entry or an Alpine secdb line becomes an advisory with one {@link AffectedPackage}
 * per package and distro release.
 *
 * @param id         primary id as the feed names it (CVE-2024-1234, GHSA-..., GO-2024-0001, PYSEC-..., DSA-...)
 * @param aliases    other ids of the same vulnerability (OSV {@code aliases}; never contains {@code id})
 * @param related    ids OSV lists as {@code related}: not the same vulnerability, kept for display only
 * @param published  may be null when the feed does not say
 * @param modified   may be null when the feed does not say
 * @param withdrawn  non-null when the feed withdrew the record; matchers must skip such records
 * @param severities as the advisory states them (vendor/distro rating and CVSS vectors)
 * @param affected   every affected package entry
 * @param references URLs
 * @param source     feed that delivered it: {@code osv}, {@code debian-tracker}, {@code alpine-secdb}...
 *                   (see {@code FeedKind} in vulndb)
 */
public record Advisory(
        String id,
        List<String> aliases,
        List<String> related,
        String summary,
        String details,
        Instant published,
        Instant modified,
        Instant withdrawn,
        List<Severity> severities,
        List<AffectedPackage> affected,
        List<String> references,
        String source) {

    public Advisory {
        aliases = List.copyOf(aliases);
        related = List.copyOf(related);
        severities = List.copyOf(severities);
        affected = List.copyOf(affected);
        references = List.copyOf(references);
        summary = summary == null ? "" : summary;
        details = details == null ? "" : details;
    }

    public boolean isWithdrawn() {
        return withdrawn != null;
    }

    /** {@code id} followed by {@code aliases}. */
    public List<String> allIds() {
        var ids = new java.util.ArrayList<String>(aliases.size() + 1);
        ids.add(id);
        ids.addAll(aliases);
        return List.copyOf(ids);
    }

    /** A copy keeping only the given affected entries (what a per-package lookup returns). */
    public Advisory withAffected(List<AffectedPackage> only) {
        return new Advisory(id, aliases, related, summary, details, published, modified, withdrawn,
                severities, only, references, source);
    }
}
