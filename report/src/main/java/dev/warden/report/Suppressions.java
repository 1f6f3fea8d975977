package dev.warden.report;

import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;

/** How a suppressed finding's reason reads in one line: a VEX statement's status and justification, or an ignore file's reason. */
final class Suppressions {
    private Suppressions() {}

    /** The VEX status ("not_affected"), or "ignored: reason" for an ignore file's entry. */
    static String status(VexStatement s) {
        return s.status() == VexStatus.IGNORED ? label(s) : s.status().id();
    }

    /** "VEX not_affected (justification)" or "ignored: reason". */
    static String label(VexStatement s) {
        if (s.status() == VexStatus.IGNORED) {
            return "ignored" + (s.impactStatement() == null || s.impactStatement().isBlank() ? "" : ": " + s.impactStatement());
        }
        return "VEX " + s.status().id() + (s.justification() == null ? "" : " (" + s.justification() + ")");
    }
}
