package dev.warden.core.policy;

import java.util.Locale;

/** Outcome of one policy for one image. */
public enum PolicyStatus {
    COMPLIANT, VIOLATED, NO_DATA;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
