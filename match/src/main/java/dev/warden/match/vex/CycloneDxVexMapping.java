package dev.warden.match.vex;

import static dev.warden.match.vex.OpenVexJustification.COMPONENT_NOT_PRESENT;
import static dev.warden.match.vex.OpenVexJustification.INLINE_MITIGATIONS_ALREADY_EXIST;
import static dev.warden.match.vex.OpenVexJustification.VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY;
import static dev.warden.match.vex.OpenVexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH;
import static dev.warden.match.vex.OpenVexJustification.VULNERABLE_CODE_NOT_PRESENT;

import dev.warden.core.vex.VexStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CycloneDX {@code vulnerabilities[].analysis} states and justifications to and from OpenVEX statuses and
 * justifications (docs/vex.md has the tables). CycloneDX has six states and nine justifications, OpenVEX four
 * statuses and five justifications, so reading is many-to-one; writing picks the closest CycloneDX word, and
 * reading what was written gives back the same OpenVEX value.
 */
public final class CycloneDxVexMapping {
    private CycloneDxVexMapping() {}

    /** CycloneDX analysis state to VEX status. {@code false_positive} is a kind of not affected: the finding is wrong. */
    public static final Map<String, VexStatus> STATES = ordered(
            "resolved", VexStatus.FIXED,
            "resolved_with_pedigree", VexStatus.FIXED,
            "exploitable", VexStatus.AFFECTED,
            "in_triage", VexStatus.UNDER_INVESTIGATION,
            "false_positive", VexStatus.NOT_AFFECTED,
            "not_affected", VexStatus.NOT_AFFECTED);

    /** CycloneDX justification to the OpenVEX justification that makes the same claim. */
    public static final Map<String, String> JUSTIFICATIONS = ordered(
            "code_not_present", VULNERABLE_CODE_NOT_PRESENT,
            "code_not_reachable", VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
            // the vulnerable code is there but the conditions an attacker needs are not
            "requires_configuration", VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
            // the dependency that carries the vulnerable code is absent
            "requires_dependency", COMPONENT_NOT_PRESENT,
            "requires_environment", VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
            // all four protections are mitigations built into the product or its deployment
            "protected_by_compiler", INLINE_MITIGATIONS_ALREADY_EXIST,
            "protected_at_runtime", INLINE_MITIGATIONS_ALREADY_EXIST,
            "protected_at_perimeter", INLINE_MITIGATIONS_ALREADY_EXIST,
            "protected_by_mitigating_control", INLINE_MITIGATIONS_ALREADY_EXIST);

    /** VEX status to the CycloneDX state written for it. */
    public static final Map<VexStatus, String> STATES_OUT = ordered(
            VexStatus.NOT_AFFECTED, "not_affected",
            VexStatus.AFFECTED, "exploitable",
            VexStatus.FIXED, "resolved",
            VexStatus.UNDER_INVESTIGATION, "in_triage",
            // a risk the team accepted: CycloneDX's words for it are an exploitable finding it will not fix
            VexStatus.IGNORED, "exploitable");

    /** OpenVEX justification to the CycloneDX justification written for it. */
    public static final Map<String, String> JUSTIFICATIONS_OUT = ordered(
            COMPONENT_NOT_PRESENT, "requires_dependency",
            VULNERABLE_CODE_NOT_PRESENT, "code_not_present",
            VULNERABLE_CODE_NOT_IN_EXECUTE_PATH, "code_not_reachable",
            VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY, "requires_environment",
            INLINE_MITIGATIONS_ALREADY_EXIST, "protected_by_mitigating_control");

    public static Optional<VexStatus> status(String cycloneDxState) {
        return Optional.ofNullable(cycloneDxState == null ? null : STATES.get(cycloneDxState));
    }

    public static Optional<String> justification(String cycloneDxJustification) {
        return Optional.ofNullable(cycloneDxJustification == null ? null : JUSTIFICATIONS.get(cycloneDxJustification));
    }

    public static String state(VexStatus status) {
        return STATES_OUT.get(status);
    }

    /** The CycloneDX justification for an OpenVEX one; empty for null or an unknown word. */
    public static Optional<String> cycloneDxJustification(String openVexJustification) {
        return Optional.ofNullable(openVexJustification == null ? null : JUSTIFICATIONS_OUT.get(openVexJustification));
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> ordered(Object... pairs) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((K) pairs[i], (V) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
