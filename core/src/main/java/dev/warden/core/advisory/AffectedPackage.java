package dev.warden.core.advisory;

import java.util.List;
import java.util.Map;

/**
 * One package an advisory affects, in one ecosystem (and for OS packages one distro release).
 *
 * @param ecosystem     OSV ecosystem string as the feed wrote it, release suffix included:
 *                      {@code Go}, {@code PyPI}, {@code Debian:12}, {@code Alpine:v3.19}, {@code Ubuntu:22.04:LTS}.
 *                      Debian tracker and Alpine secdb entries are written the OSV way too
 *                      ({@code bookworm} becomes {@code Debian:12}, secdb v3.19 becomes {@code Alpine:v3.19})
 * @param purlType      purl type the ecosystem maps to (deb, apk, rpm, golang, pypi, maven, npm, cargo, gem,
 *                      nuget, composer...), see {@link Ecosystems#purlType(String)}; null when unknown
 * @param name          package name normalised with {@link PackageNames#normalise(String, String)}: PyPI per
 *                      PEP 503, Maven {@code group:artifact}, OS packages are <b>source</b> package names
 * @param ranges        OSV ranges (ECOSYSTEM, SEMVER, GIT) with their events, in feed order
 * @param versions      explicit affected versions (OSV {@code versions})
 * @param status        how the distro judges this package for this release; {@link AffectedStatus#AFFECTED}
 *                      for language ecosystems where the ranges decide
 * @param distroRelease release part of the ecosystem ({@code 12}, {@code v3.19}, {@code 22.04}), null for
 *                      language ecosystems
 * @param extra         facts a matcher may need that have no field: {@code urgency} (Debian tracker),
 *                      {@code severity} (OSV ecosystem_specific), {@code last_known_affected_version_range}
 *                      (GHSA database_specific), {@code purl} (OSV package.purl), {@code imports} (Go)...
 */
public record AffectedPackage(
        String ecosystem,
        String purlType,
        String name,
        List<Range> ranges,
        List<String> versions,
        AffectedStatus status,
        String distroRelease,
        Map<String, String> extra) {

    /** Key in {@link #extra} of GHSA's {@code database_specific.last_known_affected_version_range}, e.g. {@code "<= 1.2.3"}. */
    public static final String LAST_KNOWN_AFFECTED_RANGE = "last_known_affected_version_range";
    /** Key in {@link #extra} of the Debian tracker urgency ({@code low}, {@code unimportant}, {@code not yet assigned}...). */
    public static final String URGENCY = "urgency";
    /** Key in {@link #extra} of the {@code package.purl} an OSV record gives. */
    public static final String PURL = "purl";

    public AffectedPackage {
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
        extra = Map.copyOf(extra);
    }

    /** Ecosystem without its release suffix: {@code Debian:12} gives {@code Debian}. */
    public String baseEcosystem() {
        return Ecosystems.base(ecosystem);
    }

    /** Every {@code fixed} event of every range, in order: the versions that fix this package. */
    public List<String> fixedVersions() {
        return ranges.stream().flatMap(r -> r.events().stream())
                .filter(e -> e.kind() == Range.EventKind.FIXED)
                .map(Range.Event::version)
                .distinct()
                .toList();
    }
}
