package dev.warden.match.vex;

import java.util.List;

/**
 * The five justifications OpenVEX (v0.0.1 and v0.2.0) allows for {@code not_affected}; CSAF's VEX flag labels
 * use the same five words.
 */
public final class OpenVexJustification {
    private OpenVexJustification() {}

    public static final String COMPONENT_NOT_PRESENT = "component_not_present";
    public static final String VULNERABLE_CODE_NOT_PRESENT = "vulnerable_code_not_present";
    public static final String VULNERABLE_CODE_NOT_IN_EXECUTE_PATH = "vulnerable_code_not_in_execute_path";
    public static final String VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY = "vulnerable_code_cannot_be_controlled_by_adversary";
    public static final String INLINE_MITIGATIONS_ALREADY_EXIST = "inline_mitigations_already_exist";

    public static final List<String> ALL = List.of(COMPONENT_NOT_PRESENT, VULNERABLE_CODE_NOT_PRESENT,
            VULNERABLE_CODE_NOT_IN_EXECUTE_PATH, VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
            INLINE_MITIGATIONS_ALREADY_EXIST);

    public static boolean isValid(String justification) {
        return ALL.contains(justification);
    }
}
