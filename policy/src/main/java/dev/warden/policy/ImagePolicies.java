package dev.warden.policy;

import dev.warden.core.ImageInfo;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.util.ArrayList;
import java.util.List;
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
                    "base image name (no " + BASE_NAME + " annotation, no provenance attestation naming an image, and no --base-image candidate matched the image's layers)");
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
                    ? "base image name and digest (" + BASE_NAME + " / " + BASE_DIGEST + " annotations, a provenance attestation, or a --base-image whose layers match)"
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

    /** Predicate types that make an SBOM attestation (BuildKit writes SPDX; CycloneDX versions may follow the prefix). */
    static final List<String> SBOM_PREDICATES = List.of("https://spdx.dev/Document", "https://cyclonedx.org/bom");
    /** SLSA provenance, any version (v0.1, v0.2, v1). */
    static final String PROVENANCE_PREDICATE = "https://slsa.dev/provenance/";

    /**
     * SBOM and provenance attestations stored with the image (BuildKit attestation manifests, OCI referrers, cosign
     * .att). Compliant when both exist; violated, naming what is missing, when the source can carry attestations and
     * they were all read; no data when the source cannot carry them (fs://, sbom://, docker-save) or reading failed.
     */
    public static PolicyResult attestations(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        List<ImageInfo.Attestation> found = image == null ? List.of() : image.attestations();
        boolean sbom = found.stream().anyMatch(a -> SBOM_PREDICATES.stream().anyMatch(p -> a.predicateType().startsWith(p)));
        boolean provenance = found.stream().anyMatch(a -> a.predicateType().startsWith(PROVENANCE_PREDICATE));
        if (sbom && provenance) {
            return new PolicyResult("supply-chain-attestations", "Supply chain attestations", "attestations",
                    PolicyStatus.COMPLIANT, List.of(), "", 15);
        }
        var missing = new ArrayList<PolicyResult.Violation>();
        if (!sbom) {
            missing.add(new PolicyResult.Violation("SBOM attestation", "no attestation with predicate type "
                    + String.join(" or ", SBOM_PREDICATES) + seen(found)));
        }
        if (!provenance) {
            missing.add(new PolicyResult.Violation("provenance attestation", "no attestation with predicate type "
                    + PROVENANCE_PREDICATE + "*" + seen(found)));
        }
        String what = String.join(" and ", missing.stream().map(PolicyResult.Violation::item).toList());
        ImageInfo.AttestationState state = image == null ? ImageInfo.AttestationState.NOT_CARRIED : image.attestationState();
        return switch (state) {
            case SEARCHED -> new PolicyResult("supply-chain-attestations", "Supply chain attestations", "attestations",
                    PolicyStatus.VIOLATED, missing, "", 15);
            case UNREADABLE -> noData("supply-chain-attestations", "Supply chain attestations", "attestations", 15,
                    what + " (the image's attestations could not be read; see the warnings)");
            case NOT_CARRIED -> noData("supply-chain-attestations", "Supply chain attestations", "attestations", 15,
                    what + " (the source cannot carry attestations: a root filesystem, an SBOM or a docker-save archive;"
                            + " scan the image from its registry or OCI layout)");
        };
    }

    /**
     * The attestations policy with {@code trusted_keys}: an SBOM and a provenance attestation each count only when
     * one of {@code trustedKeys} signed it and the signed statement names the image. Violated lists, for each kind
     * missing, the attestations of that kind that did not count and why (unsigned, signed by an unknown key, altered,
     * about another image); no data when the source cannot carry attestations or their signatures could not be read.
     */
    public static PolicyResult signedAttestations(ScanResult scan, List<String> trustedKeys, AttestationSignatures signatures) {
        ImageInfo image = scan.sbom().image();
        ImageInfo.AttestationState state = image == null ? ImageInfo.AttestationState.NOT_CARRIED : image.attestationState();
        String keys = String.join(", ", trustedKeys);
        String wanted = "SBOM and provenance attestations signed by a trusted key (" + keys + ")";
        if (state == ImageInfo.AttestationState.NOT_CARRIED) {
            return noData(ATTESTATIONS_ID, ATTESTATIONS_NAME, "attestations", 15, wanted + " (the source cannot carry attestations:"
                    + " a root filesystem, an SBOM or a docker-save archive; scan the image from its registry or OCI layout)");
        }
        if (state == ImageInfo.AttestationState.UNREADABLE) {
            return noData(ATTESTATIONS_ID, ATTESTATIONS_NAME, "attestations", 15, wanted + " (the image's attestations could not be read; see the warnings)");
        }
        if (signatures.state() != AttestationSignatures.State.CHECKED) {
            return noData(ATTESTATIONS_ID, ATTESTATIONS_NAME, "attestations", 15, wanted + " (" + signatures.problem() + ")");
        }
        List<AttestationSignatures.Signed> counted = signatures.attestations().stream()
                .filter(s -> s.signer() != null && trustedKeys.contains(s.signer())).toList();
        boolean sbom = counted.stream().anyMatch(s -> isSbom(s.predicateType()));
        boolean provenance = counted.stream().anyMatch(s -> isProvenance(s.predicateType()));
        if (sbom && provenance) {
            return new PolicyResult(ATTESTATIONS_ID, ATTESTATIONS_NAME, "attestations", PolicyStatus.COMPLIANT, List.of(), "", 15);
        }
        var violations = new ArrayList<PolicyResult.Violation>();
        if (!sbom) {
            notCounted("SBOM", ImagePolicies::isSbom, keys, image, signatures, violations);
        }
        if (!provenance) {
            notCounted("provenance", ImagePolicies::isProvenance, keys, image, signatures, violations);
        }
        signatures.attestations().stream().filter(s -> s.predicateType().isEmpty())
                .forEach(s -> violations.add(new PolicyResult.Violation("attestation at " + s.where(), s.reason())));
        return new PolicyResult(ATTESTATIONS_ID, ATTESTATIONS_NAME, "attestations", PolicyStatus.VIOLATED,
                violations.size() > PolicyLimits.MAX_LISTED_ITEMS ? violations.subList(0, PolicyLimits.MAX_LISTED_ITEMS) : violations, "", 15);
    }

    /** One item for the missing kind, then one for each attestation of that kind that did not count. */
    private static void notCounted(String kind, java.util.function.Predicate<String> ofKind, String keys, ImageInfo image,
            AttestationSignatures signatures, List<PolicyResult.Violation> violations) {
        violations.add(new PolicyResult.Violation(kind + " attestation", "none signed by a trusted key (" + keys + ")"));
        for (AttestationSignatures.Signed s : signatures.attestations()) {
            if (ofKind.test(s.predicateType()) && s.signer() == null) {
                violations.add(new PolicyResult.Violation(kind + " attestation at " + s.where(), s.reason()));
            }
        }
        for (ImageInfo.Attestation a : image.attestations()) {
            // plain statements (BuildKit's attestation manifests, oras) carry no signature at all; DSSE envelopes and
            // Sigstore bundles are among the signed ones above
            if (ofKind.test(a.predicateType()) && !a.mediaType().contains("dsse") && !a.mediaType().contains("sigstore.bundle")) {
                violations.add(new PolicyResult.Violation(kind + " attestation " + a.digest() + " (" + a.foundBy() + ")",
                        "unsigned: a plain statement, no signature to check"));
            }
        }
    }

    private static boolean isSbom(String predicateType) {
        return SBOM_PREDICATES.stream().anyMatch(predicateType::startsWith);
    }

    private static boolean isProvenance(String predicateType) {
        return predicateType.startsWith(PROVENANCE_PREDICATE);
    }

    /**
     * A download piped into a shell (curl or wget, then {@code | sh}, bash, dash, zsh, ash, ksh, or python, perl),
     * anywhere in one build step.
     */
    static final Pattern PIPED_DOWNLOAD = Pattern.compile(
            "\\b(curl|wget)\\b[^|;&\\n]*\\|\\s*(sudo\\s+)?(\\S*/)?(sh|bash|dash|zsh|ash|ksh|python[0-9.]*|perl)\\b");
    /** Docker's ADD of a URL, as BuildKit and the classic builder write it in the history. */
    static final Pattern REMOTE_ADD = Pattern.compile("^\\s*(/bin/sh -c #\\(nop\\)\\s*)?ADD\\s+(--\\S+\\s+)*(https?|ftp)://", Pattern.CASE_INSENSITIVE);

    /**
     * Build steps in the image's history that ran code fetched from the network without a checksum: a download
     * piped into a shell, or {@code ADD URL}. Violated by each such step (named by its position and its text, cut
     * to {@link PolicyLimits#MAX_HISTORY_TEXT} characters); no data when the image has no history.
     */
    public static PolicyResult remoteCode(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        List<ImageInfo.HistoryEntry> history = image == null ? List.of() : image.config().history();
        if (history.isEmpty()) {
            return noData("no-remote-code-in-the-build", "No remote code in the build", "remote-code", 0,
                    "the image's build history (a root filesystem or an SBOM has none, and some builders write none)");
        }
        var violations = new ArrayList<PolicyResult.Violation>();
        for (int i = 0; i < history.size() && violations.size() < PolicyLimits.MAX_LISTED_ITEMS; i++) {
            String step = history.get(i).createdBy() == null ? "" : history.get(i).createdBy();
            String why = PIPED_DOWNLOAD.matcher(step).find() ? "a download piped into an interpreter"
                    : REMOTE_ADD.matcher(step).find() ? "ADD of a remote URL" : null;
            if (why != null) {
                String text = step.length() > PolicyLimits.MAX_HISTORY_TEXT ? step.substring(0, PolicyLimits.MAX_HISTORY_TEXT) + "…" : step;
                violations.add(new PolicyResult.Violation("history step " + (i + 1), why + ": " + text.strip()));
            }
        }
        return new PolicyResult("no-remote-code-in-the-build", "No remote code in the build", "remote-code",
                violations.isEmpty() ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED, violations, "", 0);
    }

    private static final String ATTESTATIONS_ID = "supply-chain-attestations";
    private static final String ATTESTATIONS_NAME = "Supply chain attestations";

    private static String seen(List<ImageInfo.Attestation> found) {
        return found.isEmpty() ? " (the image has no attestations)"
                : " (found: " + String.join(", ", found.stream().map(ImageInfo.Attestation::predicateType).distinct().toList()) + ")";
    }

    /** Packages whose declared licence expression cannot avoid a denied licence. Exceptions are purl globs. */
    public static PolicyResult licenses(ScanResult scan, List<String> denied, List<String> exceptions) {
        var violations = new ArrayList<PolicyResult.Violation>();
        for (var pkg : scan.sbom().packages()) {
            String purl = pkg.purl() == null ? "" : pkg.purl();
            if (exceptions.stream().anyMatch(e -> glob(e).matcher(purl).matches())) continue;
            for (String expression : pkg.licenses()) {
                if (LicenseExpression.unavoidablyUses(expression, denied)) {
                    violations.add(new PolicyResult.Violation(pkg.name() + "@" + pkg.version(), "licence " + expression + " is denied"));
                }
            }
        }
        return new PolicyResult("no-agpl-v3-licenses", "No AGPL v3 licences", "licenses",
                violations.isEmpty() ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED, violations, "", 5);
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
