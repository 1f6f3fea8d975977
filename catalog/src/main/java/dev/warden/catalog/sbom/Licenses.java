package dev.warden.catalog.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells SPDX licence identifiers, SPDX expressions and free-text licence names apart, so each
 * format can write a licence the way its schema wants (CycloneDX {@code license.id} must be on the
 * SPDX list; an SPDX expression may only name listed ids or {@code LicenseRef-}s).
 *
 * <p>The list of ids is the one CycloneDX's own schema validates against ({@code spdx.schema.json}
 * inside cyclonedx-core-java), so an id we write can never fail validation.
 */
public final class Licenses {
    /** How a licence string is written. */
    public enum Kind { SPDX_ID, EXPRESSION, NAME }

    private static final Pattern LICENSE_REF = Pattern.compile("(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+");
    private static final Pattern EXCEPTION_ID = Pattern.compile("[A-Za-z0-9.+-]+");

    /** Lower-cased id to the id as the SPDX list spells it. */
    private static final Map<String, String> IDS = loadIds();

    private Licenses() {}

    /** The canonical spelling of an SPDX id (matched case-insensitively, as SPDX says), if it is one. */
    public static Optional<String> spdxId(String text) {
        return text == null ? Optional.empty() : Optional.ofNullable(IDS.get(text.strip().toLowerCase(Locale.ROOT)));
    }

    public static Kind kind(String text) {
        if (spdxId(text).isPresent()) {
            return Kind.SPDX_ID;
        }
        return canonicalExpression(text).isPresent() ? Kind.EXPRESSION : Kind.NAME;
    }

    /**
     * The expression with ids and operators canonically spelled, if {@code text} is a valid SPDX
     * licence expression (ids from the list, {@code LicenseRef-}s, {@code +}, AND/OR/WITH, parentheses).
     */
    public static Optional<String> canonicalExpression(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> tokens = tokenize(text);
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean expectTerm = true;
        boolean afterWith = false;
        for (String token : tokens) {
            String upper = token.toUpperCase(Locale.ROOT);
            if (token.equals("(")) {
                if (!expectTerm) {
                    return Optional.empty();
                }
                depth++;
                out.append('(');
                continue;
            }
            if (token.equals(")")) {
                if (expectTerm || --depth < 0) {
                    return Optional.empty();
                }
                out.append(')');
                continue;
            }
            if (upper.equals("AND") || upper.equals("OR") || upper.equals("WITH")) {
                if (expectTerm) {
                    return Optional.empty();
                }
                out.append(' ').append(upper).append(' ');
                expectTerm = true;
                afterWith = upper.equals("WITH");
                continue;
            }
            if (!expectTerm) {
                return Optional.empty();
            }
            String term = afterWith ? exception(token) : term(token);
            if (term == null) {
                return Optional.empty();
            }
            out.append(term);
            expectTerm = false;
            afterWith = false;
        }
        if (expectTerm || depth != 0) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    /** A licence as an SPDX {@code LicenseRef-}: the name with every character SPDX forbids replaced. */
    public static String licenseRef(String name) {
        String cleaned = name.strip().replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
        return "LicenseRef-" + (cleaned.isEmpty() ? "unnamed" : cleaned);
    }

    private static String term(String token) {
        if (LICENSE_REF.matcher(token).matches()) {
            return token;
        }
        String id = IDS.get(token.toLowerCase(Locale.ROOT));
        if (id != null) {
            return id;
        }
        if (token.endsWith("+")) {
            String base = IDS.get(token.substring(0, token.length() - 1).toLowerCase(Locale.ROOT));
            return base == null ? null : base + "+";
        }
        return null;
    }

    private static String exception(String token) {
        String id = IDS.get(token.toLowerCase(Locale.ROOT));
        if (id != null) {
            return id;
        }
        // exception ids the list does not know yet are still well-formed: keep them as written
        return EXCEPTION_ID.matcher(token).matches() && token.toLowerCase(Locale.ROOT).contains("exception") ? token : null;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == ')' || Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
                if (c != ' ' && !Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /**
     * Read with Jackson's streaming parser, not a tree from an ObjectMapper: the file is one flat array of 778 ids,
     * and building a mapper in a fresh JVM cost more than the parse (every {@code warden sbom} pays it).
     */
    private static Map<String, String> loadIds() {
        try (InputStream in = org.cyclonedx.model.License.class.getResourceAsStream("/spdx.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("spdx.schema.json missing from cyclonedx-core-java");
            }
            Map<String, String> map = new HashMap<>();
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("spdx.schema.json in cyclonedx-core-java is not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean ids = parser.currentName().equals("enum");
                    if (parser.nextToken() == JsonToken.START_ARRAY && ids) {
                        while (parser.nextToken() == JsonToken.VALUE_STRING) {
                            String id = parser.getText();
                            map.put(id.toLowerCase(Locale.ROOT), id);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            if (map.isEmpty()) {
                throw new IllegalStateException("spdx.schema.json in cyclonedx-core-java lists no licence ids");
            }
            return Map.copyOf(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
