package dev.warden.core.vex;

import java.util.Locale;

/** OpenVEX statuses; CycloneDX analysis states and CSAF product statuses map onto these. */
public enum VexStatus {
    NOT_AFFECTED, AFFECTED, FIXED, UNDER_INVESTIGATION;

    /** The spec's spelling: {@code not_affected}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code not_affected} and {@code fixed} take a finding out of the verdict. */
    public boolean suppresses() {
        return this == NOT_AFFECTED || this == FIXED;
    }
}
