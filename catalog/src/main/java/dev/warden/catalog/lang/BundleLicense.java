package dev.warden.catalog.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A jar manifest's OSGi {@code Bundle-License} header (OSGi Core, "Bundle-License"): licences separated by commas,
 * each a name (an SPDX id, a free name or a URL) with optional {@code link=} and {@code description=} attributes, any
 * of them quoted. Real headers from Maven Central: {@code "Apache-2.0";link="https://www.apache.org/licenses/LICENSE-2.0.txt"}
 * (assertj), {@code https://opensource.org/licenses/BSD-2-Clause;description=BSD 2-Clause License} (zstd-jni),
 * {@code https://www.eclipse.org/legal/epl-2.0/, https://www.apache.org/licenses/LICENSE-2.0} (Jetty 12).
 */
final class BundleLicense {
    /** Licences read from one header: real ones list one to three; the rest of a longer header is left unread. */
    static final int MAX_LICENCES = 16;
    /** OSGi's name for "the licence is only at the link". */
    private static final String EXTERNAL = "<<EXTERNAL>>";

    private BundleLicense() {}

    /** The SPDX ids (or named licences) the header lists, each once, in order. */
    static List<String> licences(String header, Licenses licenses) {
        List<String> out = new ArrayList<>();
        for (String clause : clauses(header)) {
            if (out.size() >= MAX_LICENCES) {
                break;
            }
            List<String> parts = split(clause, ';');
            if (parts.isEmpty()) {
                continue;
            }
            String name = unquote(parts.getFirst());
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String attribute : parts.subList(1, parts.size())) {
                int eq = attribute.indexOf('=');
                if (eq > 0) {
                    attributes.put(attribute.substring(0, eq).strip().toLowerCase(Locale.ROOT), unquote(attribute.substring(eq + 1)));
                }
            }
            List<String> ids = name.isEmpty() || name.equals(EXTERNAL) ? List.of() : licenses.of(name);
            String link = attributes.get("link");
            if (link != null && (ids.isEmpty() || ids.stream().allMatch(id -> id.startsWith("LicenseRef-")))) {
                // the name says nothing SPDX knows ("Eclipse Public License, Version 2.0"): the link may
                List<String> byLink = licenses.of(link);
                if (!byLink.isEmpty() && byLink.stream().noneMatch(id -> id.startsWith("LicenseRef-"))) {
                    ids = byLink;
                }
            }
            ids.stream().filter(id -> !out.contains(id)).forEach(out::add);
        }
        return out;
    }

    /**
     * The header's licences. Licence names are often written "Name, Version N" unquoted (org.eclipse.sisu.plexus
     * 1.0.0), which OSGi's syntax would cut in two: a piece starting with "Version" belongs to the one before.
     */
    private static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        for (String piece : split(header, ',')) {
            if (!clauses.isEmpty() && piece.toLowerCase(Locale.ROOT).startsWith("version ")) {
                clauses.set(clauses.size() - 1, clauses.getLast() + ", " + piece);
            } else {
                clauses.add(piece);
            }
        }
        return clauses;
    }

    /** Splits at {@code separator} outside double quotes; blank pieces are dropped. */
    private static List<String> split(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return pieces.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static String unquote(String text) {
        String t = text.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).strip() : t;
    }
}
