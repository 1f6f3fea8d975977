package dev.warden.report;

import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;

/**
 * A CI gate ({@code --exit-code}) must not pass on the sample advisories shipped with Warden: "0 findings" there says
 * nothing about the image. The gate refuses (exit 2, one line) unless the user says the sample is what they mean.
 */
public final class SampleDataGate {
    /** The flag that lets a gate run on sample data (tests, demos). */
    public static final String ALLOW_FLAG = "--allow-sample-db";

    private SampleDataGate() {}

    /** Throws when {@code scans} rest on sample data and {@code allowSample} is false. */
    public static void check(boolean allowSample, ScanResult... scans) {
        if (allowSample) {
            return;
        }
        for (ScanResult scan : scans) {
            if (scan != null && scan.database() != null && scan.database().sample()) {
                java.util.List<String> ecosystems = scan.database().sampleEcosystems();
                throw new WardenException("--exit-code: the advisory database is " + (ecosystems.isEmpty() ? "the sample shipped with Warden"
                        : "only the sample shipped with Warden for " + String.join(", ", ecosystems)) + ", so the gate's "
                        + "verdict would mean nothing; run 'warden db update' (or 'warden db import BUNDLE' without network), "
                        + "or give " + ALLOW_FLAG + " to gate on the sample anyway");
            }
        }
    }
}
