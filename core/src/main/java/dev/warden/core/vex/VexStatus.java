package dev.warden.core.vex;

import java.util.Locale;

/** OpenVEX statuses; CycloneDX analysis states and CSAF product statuses map onto these. */
public enum VexStatus {
    NOT_AFFECTED, AFFECTED, FIXED, UNDER_INVESTIGATION,
    /**
     * Not a VEX status: a finding a team's ignore file ({@code .wardenignore}, {@code .trivyignore}) sets aside, with
     * its reason. It suppresses like not_affected but claims nothing about the product, so it is never read from or
     * written to a VEX document (see {@link #vexStatuses()}).
     */
    IGNORED;

    /** The statuses VEX documents may state. */
    public static java.util.List<VexStatus> vexStatuses() {
        return java.util.List.of(NOT_AFFECTED, AFFECTED, FIXED, UNDER_INVESTIGATION);
    }

    /** The spec's spelling: {@code not_affected}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code not_affected} and {@code fixed} take a finding out of the verdict. */
    public boolean suppresses() {
        return this == NOT_AFFECTED || this == FIXED || this == IGNORED;
    }
}
