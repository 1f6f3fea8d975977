package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Licence URLs as real packages write them. Each URL below is copied from the Bundle-License or pom of the artifact
 * named beside it on Maven Central (a fact of that artifact), or from the npm/NuGet field named.
 */
class LicenseUrlsTest {
    private final LicenseNames names = new LicenseNames();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://www.apache.org/licenses/LICENSE-2.0.txt             | Apache-2.0   | commons-compress 1.28.0, jackson-core 2.21.8
            http://www.apache.org/licenses/LICENSE-2.0.txt              | Apache-2.0   | snakeyaml 2.5
            https://www.apache.org/licenses/LICENSE-2.0                 | Apache-2.0   | jspecify 1.0.1
            http://www.apache.org/licenses/LICENSE-2.0.html             | Apache-2.0   | cdi-api 1.2
            https://www.eclipse.org/legal/epl-2.0/                      | EPL-2.0      | jetty-io 12.1.1
            http://www.eclipse.org/legal/epl-v10.html                   | EPL-1.0      | org.eclipse.sisu.plexus 0.3.0.M1
            https://www.eclipse.org/legal/epl-v20.html                  | EPL-2.0      | org.eclipse.sisu.plexus 1.0.0
            http://www.opensource.org/licenses/mit-license.php          | MIT          | slf4j-simple 2.0.16
            https://opensource.org/license/mit                          | MIT          | slf4j-simple 2.0.20
            https://opensource.org/licenses/BSD-2-Clause                | BSD-2-Clause | zstd-jni 1.5.7-16
            https://opensource.org/licenses/BSD-3-Clause                | BSD-3-Clause | jline 3.26.3
            http://www.eclipse.org/org/documents/edl-v10.php            | BSD-3-Clause | jakarta.activation-api 2.1.4
            http://www.mozilla.org/MPL/MPL-1.1.html                     | MPL-1.1      | javassist 3.28.0-GA
            https://mozilla.org/MPL/2.0/                                | MPL-2.0      | npm packages' license URLs
            http://www.gnu.org/licenses/old-licenses/gpl-2.0.html       | GPL-2.0-only | poms of GPL-2.0 projects
            https://spdx.org/licenses/MIT.html                          | MIT          | SPDX's own page
            https://creativecommons.org/publicdomain/zero/1.0/legalcode | CC0-1.0      | HdrHistogram 2.2.2 (deed)
            https://licenses.nuget.org/MIT                              | MIT          | NuGet licenseUrl of an expression
            https://licenses.nuget.org/MIT%20OR%20Apache-2.0            | MIT OR Apache-2.0 | NuGet licenseUrl
            """)
    void realLicenceUrlsMapToSpdxIds(String url, String spdx, String seenIn) {
        assertThat(LicenseUrls.toSpdx(url)).as(seenIn).contains(spdx);
        assertThat(names.toSpdx(url)).as(seenIn).isEqualTo(spdx);
    }

    /** The GNU pages serve "-only" and "-or-later" alike: which was meant is not in the URL, so none is guessed. */
    @ParameterizedTest
    @ValueSource(strings = {
        "https://www.gnu.org/licenses/gpl-3.0-standalone.html",
        "https://opensource.org/licenses/LGPL-2.1",
        "https://www.gnu.org/software/classpath/license.html",
        "https://jsoup.org/license",
        "http://www.opensource.org/licenses/bsd-license.php",
        "https://licenses.nuget.org/not%20an%20expression"})
    void ambiguousOrUnknownUrlsStayNamedLicences(String url) {
        assertThat(LicenseUrls.toSpdx(url)).isEmpty();
        assertThat(names.toSpdx(url)).startsWith("LicenseRef-");
    }

    @Test
    void normalisingKeepsWhatTellsPagesApart() {
        assertThat(LicenseUrls.normalise("HTTPS://www.Apache.org/licenses/LICENSE-2.0.txt#section"))
                .isEqualTo(LicenseUrls.normalise("http://apache.org/licenses/LICENSE-2.0/"));
        assertThat(LicenseUrls.normalise("https://opensource.org/licenses/MIT"))
                .isNotEqualTo(LicenseUrls.normalise("https://opensource.org/licenses/MIT-0"));
    }

    @Test
    void overlongTextIsNotLookedUp() {
        String url = "https://www.apache.org/licenses/LICENSE-2.0" + "/".repeat(LicenseUrls.MAX_URL_CHARS);
        assertThat(LicenseUrls.toSpdx(url)).isEmpty();
    }

    /**
     * The list is read by Jackson's streaming parser: the same URLs must map to the same ids as when it was read into a
     * tree by data binding (the reference below: every non-deprecated licence's seeAlso, reference and detailsUrl,
     * an URL kept where its ids have one base id).
     */
    @Test
    void theStreamedListMapsWhatTheTreeOfTheListMaps() throws Exception {
        java.util.Map<String, java.util.Set<String>> candidates = new java.util.HashMap<>();
        try (java.io.InputStream in = org.cyclonedx.model.License.class.getResourceAsStream("/licenses/licenses.json")) {
            for (com.fasterxml.jackson.databind.JsonNode licence
                    : new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("licenses")) {
                if (licence.path("isDeprecatedLicenseId").asBoolean(false)) {
                    continue;
                }
                String id = licence.path("licenseId").asText();
                java.util.List<String> urls = new java.util.ArrayList<>();
                licence.path("seeAlso").forEach(u -> urls.add(u.asText()));
                for (String own : new String[] {"reference", "detailsUrl"}) {
                    if (licence.hasNonNull(own)) {
                        urls.add(licence.get(own).asText());
                    }
                }
                urls.forEach(u -> candidates.computeIfAbsent(LicenseUrls.normalise(u), k -> new java.util.TreeSet<>()).add(id));
            }
        }
        java.util.Map<String, String> expected = new java.util.HashMap<>();
        candidates.forEach((url, ids) -> {
            for (String id : ids) {
                if (ids.stream().allMatch(other -> other.equals(id) || other.startsWith(id + "-"))) {
                    expected.put(url, id);
                    break;
                }
            }
        });
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(LicenseUrls.SpdxList.BY_URL).isEqualTo(expected);
    }
}
