package dev.warden.report;

import java.util.List;
import java.util.Locale;

/** Where a reader learns more about a vulnerability id. */
final class Links {
    private Links() {}

    /** The canonical page of the id's own database, else the first reference, else OSV's page for the id. */
    static String of(String id, List<String> references) {
        String upper = id.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CVE-")) {
            return "https://nvd.nist.gov/vuln/detail/" + id;
        }
        if (upper.startsWith("GHSA-")) {
            return "https://github.com/advisories/" + id;
        }
        if (upper.startsWith("GO-")) {
            return "https://pkg.go.dev/vuln/" + id;
        }
        return references.stream().filter(r -> r.startsWith("https://") || r.startsWith("http://")).findFirst()
                .orElse("https://osv.dev/vulnerability/" + id);
    }
}
