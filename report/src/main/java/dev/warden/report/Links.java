package dev.warden.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Where a reader learns more about a vulnerability id. Ids and references come from advisories: untrusted. */
final class Links {
    private Links() {}

    /**
     * The canonical page of the id's own database, else the first reference that is a valid http(s) URI,
     * else OSV's page for the id. Always a valid absolute URI: the id is percent-encoded.
     */
    static String of(String id, List<String> references) {
        String upper = id.toUpperCase(Locale.ROOT);
        String segment = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        if (upper.startsWith("CVE-")) {
            return "https://nvd.nist.gov/vuln/detail/" + segment;
        }
        if (upper.startsWith("GHSA-")) {
            return "https://github.com/advisories/" + segment;
        }
        if (upper.startsWith("GO-")) {
            return "https://pkg.go.dev/vuln/" + segment;
        }
        return references.stream().filter(Links::isWebUri).findFirst().orElse("https://osv.dev/vulnerability/" + segment);
    }

    /** An absolute http or https URI that parses (RFC 3986), the only kind of reference formats link to. */
    static boolean isWebUri(String text) {
        if (text == null || !(text.startsWith("https://") || text.startsWith("http://"))) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
