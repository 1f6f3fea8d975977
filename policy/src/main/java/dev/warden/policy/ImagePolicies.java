package dev.warden.policy;

import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Policy types judged from the image itself: base image (approved, up to date), supply-chain attestations and
 * licences. Weights follow Docker Scout: attestations 15, approved base 15, up-to-date base 10, licences 5.
 */
public final class ImagePolicies {

    /** OCI annotations naming the base image (image-spec annotations.md). */
    static final String BASE_NAME = BaseImage.NAME_ANNOTATION;
    static final String BASE_DIGEST = BaseImage.DIGEST_ANNOTATION;

    private ImagePolicies() {}

    /** Base image patterns: {@code *} matches within a path segment, {@code **} across segments. */
    public static PolicyResult approvedBase(ScanResult scan, List<String> patterns) {
        return approvedBase(BaseImage.fromAnnotations(scan.sbom().image()).orElse(null), patterns);
    }

    /** {@code base} as detected (annotations, provenance or layer matching); null when none was found. */
    public static PolicyResult approvedBase(BaseImage base, List<String> patterns) {
        if (base == null) {
            return noData("approved-base-images", "Approved base images", "approved-base", 15,
                    "base image name (no " + BASE_NAME + " annotation, and no --base-image candidate matched the image's layers)");
        }
        String name = base.name();
        boolean approved = patterns.stream().anyMatch(p -> glob(p).matcher(name).matches());
        return new PolicyResult("approved-base-images", "Approved base images", "approved-base",
                approved ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED,
                approved ? List.of() : List.of(new PolicyResult.Violation(name, "matches none of " + patterns)), "", 15);
    }

    /**
     * Up to date when the base digest recorded in the image equals the tag's current digest in its registry.
     * {@code currentDigest} is null when the registry was not asked or not reachable: that is no data.
     */
    public static PolicyResult upToDateBase(ScanResult scan, String currentDigest) {
        return upToDateBase(BaseImage.fromAnnotations(scan.sbom().image()).orElse(null), currentDigest == null
                ? BaseTagState.unavailable("registry not reachable or offline") : BaseTagState.resolved(null, List.of(currentDigest)));
    }

    /**
     * Up to date when the digest the image was built on is one the base's tag resolves to now (its index or this
     * platform's manifest). No data when the base, its digest or the tag's current digest is unknown, saying which.
     */
    public static PolicyResult upToDateBase(BaseImage base, BaseTagState now) {
        if (base == null || base.digest() == null) {
            return noData("up-to-date-base-images", "Up-to-date base images", "up-to-date-base", 10, base == null
                    ? "base image name and digest (" + BASE_NAME + " / " + BASE_DIGEST + " annotations, or a --base-image whose layers match)"
                    : "the digest " + base.name() + " was built from (no " + BASE_DIGEST + " annotation)");
        }
        if (now == null || !now.known()) {
            return noData("up-to-date-base-images", "Up-to-date base images", "up-to-date-base", 10,
                    "current digest of " + base.name() + " (" + (now == null ? "not looked up" : now.unavailable()) + ")");
        }
        boolean current = now.digests().contains(base.digest());
        String tag = now.reference() == null ? base.name() : now.reference();
        return new PolicyResult("up-to-date-base-images", "Up-to-date base images", "up-to-date-base",
                current ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED,
                current ? List.of() : List.of(new PolicyResult.Violation(tag,
                        "built on " + base.digest() + "; the tag now points to " + String.join(" (index) / ", now.digests()))),
                "", 10);
    }

    /**
     * SBOM and provenance attestations. Warden does not yet read attestation manifests or referrers, so the
     * result is no data naming what is missing, unless the image's annotations already say both exist.
     */
    public static PolicyResult attestations(ScanResult scan) {
        var missing = new ArrayList<String>();
        Map<String, String> annotations = annotations(scan);
        if (!annotations.containsKey("dev.warden.attestation.sbom")) missing.add("SBOM attestation");
        if (!annotations.containsKey("dev.warden.attestation.provenance")) missing.add("provenance attestation");
        if (missing.isEmpty()) {
            return new PolicyResult("supply-chain-attestations", "Supply chain attestations", "attestations",
                    PolicyStatus.COMPLIANT, List.of(), "", 15);
        }
        return noData("supply-chain-attestations", "Supply chain attestations", "attestations", 15,
                String.join(" and ", missing) + " (attestation manifests are not read yet)");
    }

    /** Packages whose declared licence expression cannot avoid a denied licence. Exceptions are purl globs. */
    public static PolicyResult licences(ScanResult scan, List<String> denied, List<String> exceptions) {
        var violations = new ArrayList<PolicyResult.Violation>();
        for (var pkg : scan.sbom().packages()) {
            String purl = pkg.purl() == null ? "" : pkg.purl();
            if (exceptions.stream().anyMatch(e -> glob(e).matcher(purl).matches())) continue;
            for (String expression : pkg.licenses()) {
                if (LicenceExpression.unavoidablyUses(expression, denied)) {
                    violations.add(new PolicyResult.Violation(pkg.name() + "@" + pkg.version(), "licence " + expression + " is denied"));
                }
            }
        }
        return new PolicyResult("no-agpl-v3-licenses", "No AGPL v3 licences", "licenses",
                violations.isEmpty() ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED, violations, "", 5);
    }

    private static Map<String, String> annotations(ScanResult scan) {
        var image = scan.sbom().image();
        return image == null ? Map.of() : image.annotations();
    }

    private static PolicyResult noData(String id, String name, String type, int weight, String missing) {
        return new PolicyResult(id, name, type, PolicyStatus.NO_DATA, List.of(), missing, weight);
    }

    static Pattern glob(String glob) {
        var regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
