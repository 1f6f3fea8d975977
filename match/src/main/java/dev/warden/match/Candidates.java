package dev.warden.match;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns an SBOM's packages into what is matched, each by its ecosystem's {@link EcosystemMatcher}: OS packages by
 * their source package, language packages by the name their ecosystem's advisories use. Packages that cannot be
 * matched are left out with a reason.
 */
final class Candidates {

    private Candidates() {}

    /** How many package URLs a counted warning names before "...". */
    static final int NAMED_IN_WARNING = 5;

    static List<Candidate> of(Sbom sbom, Consumer<String> warn) {
        // one counted line per reason, not one per package: an image of 300 group-less jars is one warning, not 300
        Map<String, List<String>> notMatched = new LinkedHashMap<>();
        Consumer<String> perPackage = message -> {
            int split = message.indexOf(": ");
            if (split < 0) {
                warn.accept(message);
                return;
            }
            notMatched.computeIfAbsent(message.substring(split + 2), k -> new ArrayList<>()).add(message.substring(0, split));
        };
        List<Candidate> out = new ArrayList<>();
        int ownedSkipped = 0;
        for (Package p : sbom.packages()) {
            String type = p.type() == null ? "" : p.type();
            EcosystemMatcher matcher = EcosystemMatcher.of(type);
            if (p.version() == null || p.version().isBlank()) {
                if (matcher != null) {
                    perPackage.accept(p.purl() + ": no version, not matched");
                }
                continue;
            }
            if (matcher == null) {
                continue; // a type Warden has no advisories for (generic, github...)
            }
            if (!matcher.osPackages() && ownedByOsPackage(p)) {
                // installed by the OS package manager: the distro patches it under the OS package's version
                // (an owner that is itself a language package, a wheel bundling a jar, patches nothing: matched)
                ownedSkipped++;
                continue;
            }
            out.addAll(matcher.candidates(p, perPackage));
        }
        notMatched.forEach((reason, purls) -> warn.accept(purls.size() == 1 ? purls.getFirst() + ": " + reason
                : purls.size() + " packages: " + reason + " (" + String.join(", ", purls.subList(0, Math.min(NAMED_IN_WARNING, purls.size())))
                        + (purls.size() > NAMED_IN_WARNING ? ", ..." : "") + ")"));
        if (ownedSkipped > 0) {
            warn.accept(ownedSkipped + " language package(s) belong to OS packages and are judged by those packages' advisories only");
        }
        return out;
    }

    /** Whether the package's {@code warden:owned-by} names an OS package ({@code pkg:deb/...}, rpm, apk). */
    private static boolean ownedByOsPackage(Package p) {
        String owner = p.properties().get(PackageProperties.OWNED_BY);
        if (owner == null || !owner.startsWith("pkg:")) {
            return false;
        }
        int slash = owner.indexOf('/');
        return slash > 4 && EcosystemMatcher.isOsType(owner.substring(4, slash));
    }
}
