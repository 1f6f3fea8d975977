package dev.warden.match;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an SBOM's packages into what is matched: OS packages by their source package (rpm packages also
 * by their binary name and EVR), language packages by the name their ecosystem's advisories use. Packages that cannot be matched are left out with a reason.
 */
final class Candidates {

    /** Purl types whose advisories Warden has (OSV ecosystems); others (generic, github...) are not matched. */
    private static final Set<String> LANGUAGE_TYPES = Set.of("pypi", "maven", "npm", "golang", "gem", "cargo", "nuget", "composer");

    /** The Go toolchain as Go modules name it in build info and Go advisories name it: {@code stdlib}. */
    static final String GO_STDLIB = "stdlib";
    /** go1.19.8, 1.21rc2, v1.22.0: the toolchain versions build info and SBOM tools write. */
    private static final Pattern GO_TOOLCHAIN = Pattern.compile("(?:go|v)?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    private Candidates() {}

    static List<Candidate> of(Sbom sbom, Consumer<String> warn) {
        List<Candidate> out = new ArrayList<>();
        int ownedSkipped = 0;
        for (Package p : sbom.packages()) {
            String type = p.type() == null ? "" : p.type();
            if (p.version() == null || p.version().isBlank()) {
                if (OsRelease.OS_TYPES.contains(type) || LANGUAGE_TYPES.contains(type)) {
                    warn.accept(p.purl() + ": no version, not matched");
                }
                continue;
            }
            if (OsRelease.OS_TYPES.contains(type)) {
                boolean hasSource = p.source() != null && p.source().name() != null && !p.source().name().isBlank();
                String name = hasSource ? p.source().name() : p.name();
                String version = hasSource && p.source().version() != null && !p.source().version().isBlank()
                        ? p.source().version() : p.version();
                out.add(new Candidate(p, type, name, version));
                // RPM distros' OSV records (AlmaLinux, Rocky) name binary packages and their EVR
                if (type.equals("rpm") && (!name.equals(p.name()) || !version.equals(p.version()))) {
                    out.add(new Candidate(p, type, p.name(), p.version()));
                }
            } else if (LANGUAGE_TYPES.contains(type)) {
                if (p.properties().containsKey(PackageProperties.OWNED_BY)) {
                    // installed by the OS package manager: the distro patches it under the OS package's version
                    ownedSkipped++;
                    continue;
                }
                language(p, type, warn).ifPresent(out::add);
            }
        }
        if (ownedSkipped > 0) {
            warn.accept(ownedSkipped + " language package(s) belong to OS packages and are judged by those packages' advisories only");
        }
        return out;
    }

    private static java.util.Optional<Candidate> language(Package p, String type, Consumer<String> warn) {
        String ns = p.namespace() == null || p.namespace().isBlank() ? null : p.namespace();
        String name = switch (type) {
            case "maven" -> ns == null ? null : ns + ":" + p.name();
            case "npm", "golang", "composer" -> ns == null ? p.name() : ns + "/" + p.name();
            default -> p.name();
        };
        if (name == null) {
            warn.accept(p.purl() + ": Maven package without a group id, not matched");
            return java.util.Optional.empty();
        }
        String version = p.version();
        if (type.equals("golang") && name.equals(GO_STDLIB)) {
            String v = goToolchainVersion(version);
            if (v == null) {
                warn.accept(p.purl() + ": Go toolchain version '" + version + "' is not a release, not matched");
                return java.util.Optional.empty();
            }
            version = v;
        } else if (type.equals("golang") && version.equals("(devel)")) {
            // the main module of a binary built from a work tree has no version to compare
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Candidate(p, type, name, version));
    }

    /** {@code go1.19.8} gives {@code 1.19.8}, {@code go1.21rc2} gives {@code 1.21.0-rc.2} (as Go advisories write them); null for devel builds. */
    static String goToolchainVersion(String version) {
        Matcher m = GO_TOOLCHAIN.matcher(version.trim());
        if (!m.matches()) {
            return null;
        }
        String core = m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "." + (m.group(3) == null ? "0" : m.group(3));
        return m.group(4) == null ? core : core + "-" + m.group(4) + "." + m.group(5);
    }
}
