package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.util.List;
import java.util.Locale;

/**
 * The in-toto predicate types of the attestations Warden makes, named as cosign's {@code --type} names them where
 * cosign has one, so that {@code cosign verify-attestation --type cyclonedx} finds Warden's and the other way round.
 */
public final class PredicateTypes {
    public static final String CYCLONEDX = "https://cyclonedx.org/bom";
    public static final String SPDX = "https://spdx.dev/Document";
    public static final String OPENVEX = "https://openvex.dev/ns";
    public static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
    /** Warden's scan result (the JSON report format); no common predicate carries findings with VEX and EPSS. */
    public static final String WARDEN_SCAN = "https://warden.dev/attestation/scan/v1";

    /** The --type values, each with the predicate types it covers. */
    public static final List<String> NAMES = List.of("sbom", "cyclonedx", "spdx", "vex", "scan", "provenance");

    private PredicateTypes() {}

    /** The predicate type for {@code --type name} given the predicate document (an SBOM says which format it is). */
    public static String forType(String name, JsonNode predicate, String what) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sbom" -> {
                if (predicate.path("bomFormat").asText("").equals("CycloneDX")) {
                    yield CYCLONEDX;
                }
                if (predicate.has("spdxVersion")) {
                    yield SPDX;
                }
                throw new WardenException(what + ": --type sbom needs a CycloneDX or SPDX JSON document (no bomFormat or spdxVersion)");
            }
            case "cyclonedx" -> CYCLONEDX;
            case "spdx", "spdxjson" -> SPDX;
            case "vex", "openvex" -> OPENVEX;
            case "scan" -> WARDEN_SCAN;
            case "provenance", "slsaprovenance1" -> SLSA_PROVENANCE_V1;
            default -> throw new WardenException("--type '" + name + "': use one of " + String.join(", ", NAMES));
        };
    }

    /** Whether an attestation of {@code predicateType} is one {@code --type name} asks for (null name: any). */
    public static boolean matches(String name, String predicateType) {
        if (predicateType.equals(SigstoreBundle.COSIGN_SIGN_PREDICATE)) {
            return false; // an image signature, not an attestation
        }
        if (name == null) {
            return true;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sbom" -> predicateType.startsWith(CYCLONEDX) || predicateType.startsWith(SPDX);
            case "cyclonedx" -> predicateType.startsWith(CYCLONEDX);
            case "spdx", "spdxjson" -> predicateType.startsWith(SPDX);
            case "vex", "openvex" -> predicateType.startsWith(OPENVEX);
            case "scan" -> predicateType.equals(WARDEN_SCAN);
            case "provenance", "slsaprovenance1" -> predicateType.startsWith("https://slsa.dev/provenance/");
            default -> throw new WardenException("--type '" + name + "': use one of " + String.join(", ", NAMES));
        };
    }
}
