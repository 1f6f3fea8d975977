package dev.warden.report;

import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.finding.ScanResult;

import java.util.List;
import java.util.Locale;

/**
 * A CI gate ({@code --exit-code}) must not pass on the sample advisories shipped with Warden: "0 findings" there says
 * nothing about the image. The gate refuses (exit 2, one line) unless the user says the sample is what they mean.
 * Sample data counts where it concerns the image: a Debian image gated on the site's own Debian feed is judged on real
 * data even while the shipped Maven or Alpine sample is still in the database (the reports still say so). A database
 * that is nothing but the shipped snapshot is refused whatever the image holds: its complete parts (the Go and PyPA
 * databases) are as old as the release that shipped them, and a fresh install has not chosen its data yet.
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
                List<String> ecosystems = scan.database().sampleEcosystems();
                List<String> concerned = ecosystems.stream().filter(e -> concerns(e, scan)).toList();
                boolean onlyShipped = scan.database().feeds() != null && !scan.database().feeds().isEmpty() && scan.database().feeds().keySet().stream()
                        .allMatch(f -> f.startsWith(ScanResult.DatabaseInfo.SHIPPED_FEED_PREFIX));
                if (!onlyShipped && !ecosystems.isEmpty() && concerned.isEmpty()) {
                    continue; // the sample is only the data of ecosystems this image has no package of
                }
                throw new WardenException("--exit-code: the advisory database is " + (ecosystems.isEmpty() ? "the sample shipped with Warden"
                        : "only the sample shipped with Warden for " + String.join(", ", onlyShipped ? ecosystems : concerned)) + ", so the gate's "
                        + "verdict would mean nothing; run 'warden db update' (or 'warden db import BUNDLE' without network), "
                        + "or give " + ALLOW_FLAG + " to gate on the sample anyway");
            }
        }
    }

    /**
     * Whether the image has a package the sample advisories of {@code ecosystem} could match: one of its purl type,
     * and for an OS ecosystem of its distro (a deb of {@code pkg:deb/ubuntu/...} is not Debian's business). When in
     * doubt (no SBOM, an unknown ecosystem, a package without a namespace or of a distro no ecosystem names) it does.
     */
    static boolean concerns(String ecosystem, ScanResult scan) {
        String type = Ecosystems.purlType(ecosystem);
        if (type == null || scan.sbom() == null) {
            return true;
        }
        for (Package p : scan.sbom().packages()) {
            if (!type.equals(p.type())) {
                continue;
            }
            if (!Ecosystems.isOsEcosystem(ecosystem)) {
                return true;
            }
            String namespace = p.namespace() == null ? "" : p.namespace().toLowerCase(Locale.ROOT);
            if (namespace.isEmpty() || names(ecosystem, namespace) || !namedByAnyOsEcosystem(type, namespace)) {
                return true;
            }
        }
        return false;
    }

    /** {@code debian} names Debian, {@code redhat} Red Hat, {@code rocky} Rocky Linux. */
    private static boolean names(String ecosystem, String namespace) {
        String e = Ecosystems.base(ecosystem).toLowerCase(Locale.ROOT).replace(" ", "");
        return e.startsWith(namespace) || namespace.startsWith(e);
    }

    private static boolean namedByAnyOsEcosystem(String type, String namespace) {
        return Ecosystems.osEcosystems().stream().anyMatch(e -> type.equals(Ecosystems.purlType(e)) && names(e, namespace));
    }
}
