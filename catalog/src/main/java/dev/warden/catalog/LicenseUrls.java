package dev.warden.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.warden.catalog.sbom.Licenses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Licence URLs ({@code https://www.apache.org/licenses/LICENSE-2.0.txt} in a jar's Bundle-License, a pom, an npm or
 * NuGet field) to SPDX ids, through the SPDX licence list's own cross-references: each listed licence's
 * {@code seeAlso} URLs and its page on spdx.org. The list is the one cyclonedx-core-java carries
 * ({@code licenses/licenses.json}, SPDX licence list 3.27), so the mapping follows that library and needs no network.
 *
 * <p>URLs are compared after {@link #normalise normalising} what the same page is reached by (http or https, a
 * {@code www.}, a trailing slash, a {@code .txt}/{@code .html}/{@code .php} ending, a fragment). A URL the list gives
 * for several licences (the GNU pages serve both "-only" and "-or-later") maps to none: which one was meant is not
 * in the URL, and a guess would be a false licence. The one exception is a licence and its named variants
 * ({@code MPL-2.0} and {@code MPL-2.0-no-copyleft-exception}): the URL is the base licence's.
 */
public final class LicenseUrls {
    /** Longer text is not looked up: real licence URLs are under 200 characters, and the key would be kept in memos. */
    static final int MAX_URL_CHARS = 2048;

    /** NuGet's licence URLs carry the SPDX expression itself: {@code https://licenses.nuget.org/MIT}. */
    private static final String NUGET_HOST = "licenses.nuget.org/";
    /** OSI's old page names ({@code mit-license.php}) for what its list now names by id ({@code licenses/MIT}). */
    private static final String OSI_LICENSES = "opensource.org/licenses/";

    private LicenseUrls() {}

    /** Whether the text is a URL rather than a licence name. */
    public static boolean isUrl(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("www.");
    }

    /** The SPDX id (or, for NuGet, expression) the URL names, when the licence list says so unambiguously. */
    public static Optional<String> toSpdx(String url) {
        if (url == null || url.length() > MAX_URL_CHARS || !isUrl(url)) {
            return Optional.empty();
        }
        String key = normalise(url);
        if (key.startsWith(NUGET_HOST)) {
            String stripped = url.strip();
            String path = stripped.substring(stripped.toLowerCase(Locale.ROOT).indexOf(NUGET_HOST) + NUGET_HOST.length());
            return Licenses.canonicalExpression(URLDecoder.decode(trimSlashes(path), StandardCharsets.UTF_8));
        }
        String id = SpdxList.BY_URL.get(key);
        if (id == null && key.startsWith(OSI_LICENSES) && key.endsWith("-license")) {
            id = SpdxList.BY_URL.get(key.substring(0, key.length() - "-license".length()));
        }
        return Optional.ofNullable(id);
    }

    /** The form two URLs of the same licence page share. */
    static String normalise(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        int fragment = u.indexOf('#');
        if (fragment >= 0) {
            u = u.substring(0, fragment);
        }
        u = u.replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        u = trimSlashes(u);
        // Creative Commons links the deed or its legal code: both name the licence
        if (u.endsWith("/legalcode")) {
            u = u.substring(0, u.length() - "/legalcode".length());
        }
        for (String ending : new String[] {".txt", ".html", ".htm", ".php", ".json"}) {
            if (u.endsWith(ending)) {
                u = u.substring(0, u.length() - ending.length());
                break;
            }
        }
        return trimSlashes(u);
    }

    private static String trimSlashes(String u) {
        int end = u.length();
        while (end > 0 && u.charAt(end - 1) == '/') {
            end--;
        }
        return u.substring(0, end);
    }

    /** The licence list, read once when the first URL is looked up (most images have none). */
    static final class SpdxList {
        static final Map<String, String> BY_URL = load();

        /**
         * Read with Jackson's streaming parser, not a tree from an ObjectMapper: a fresh JVM's first Java archive with
         * a licence URL paid for setting up data binding and for a tree of the whole list (about 700 licences).
         */
        private static Map<String, String> load() {
            try (InputStream in = org.cyclonedx.model.License.class.getResourceAsStream("/licenses/licenses.json")) {
                if (in == null) {
                    throw new IllegalStateException("licenses/licenses.json missing from cyclonedx-core-java");
                }
                Map<String, Set<String>> candidates = new HashMap<>();
                try (JsonParser parser = new JsonFactory().createParser(in)) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        throw new IllegalStateException("licenses/licenses.json in cyclonedx-core-java is not a JSON object");
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        boolean licences = parser.currentName().equals("licenses");
                        if (parser.nextToken() == JsonToken.START_ARRAY && licences) {
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                licence(parser, candidates);
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                Map<String, String> byUrl = new HashMap<>();
                candidates.forEach((url, ids) -> base(ids).ifPresent(id -> byUrl.put(url, id)));
                return Map.copyOf(byUrl);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One licence object of the list (the parser on its start): its id under each of its URLs, unless deprecated. */
        private static void licence(JsonParser parser, Map<String, Set<String>> candidates) throws IOException {
            String id = null;
            boolean deprecated = false;
            java.util.List<String> urls = new java.util.ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "licenseId" -> id = parser.getValueAsString();
                    // a deprecated id (GPL-2.0) shares its URLs with the ids that replaced it
                    case "isDeprecatedLicenseId" -> deprecated = value == JsonToken.VALUE_TRUE;
                    case "reference", "detailsUrl" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            urls.add(parser.getText());
                        }
                    }
                    case "seeAlso" -> {
                        if (value == JsonToken.START_ARRAY) {
                            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                                urls.add(parser.getValueAsString(""));
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (id != null && !deprecated) {
                for (String url : urls) {
                    candidates.computeIfAbsent(normalise(url), k -> new TreeSet<>()).add(id);
                }
            }
        }

        /** The one id, or the one every other id is a named variant of ("OFL-1.1" for OFL-1.1-RFN); else none. */
        private static Optional<String> base(Set<String> ids) {
            if (ids.size() == 1) {
                return Optional.of(ids.iterator().next());
            }
            for (String id : ids) {
                if (ids.stream().allMatch(other -> other.equals(id) || other.startsWith(id + "-"))) {
                    return Optional.of(id);
                }
            }
            return Optional.empty();
        }
    }
}
