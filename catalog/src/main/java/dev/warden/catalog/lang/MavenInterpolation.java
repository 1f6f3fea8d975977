package dev.warden.catalog.lang;

import dev.warden.catalog.lang.MavenPom.Dependency;
import java.util.List;
import java.util.Map;

/**
 * {@code ${name}} substitution in a model's context, as Maven interpolates a POM after inheritance. A name without a
 * value stays as written (Maven leaves it too, and a version still holding {@code ${} is reported as unresolved). A
 * value may name others, to {@link LangLimits#MAX_POM_PROPERTY_DEPTH} levels; a result past
 * {@link #MAX_VALUE_CHARS} characters (a property naming itself many times over) stops the substitution.
 */
final class MavenInterpolation {
    /** A coordinate or version is a few dozen characters; this is far above and keeps doubling bombs small. */
    static final int MAX_VALUE_CHARS = 4096;

    private final Map<String, String> values;

    MavenInterpolation(Map<String, String> values) {
        this.values = values;
    }

    String apply(String text) {
        return text == null ? null : apply(text, 0);
    }

    private String apply(String text, int depth) {
        if (!text.contains("${") || depth >= LangLimits.MAX_POM_PROPERTY_DEPTH) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            int end = start < 0 ? -1 : text.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            String name = text.substring(start + 2, end);
            String value = values.get(name);
            out.append(value == null ? text.substring(start, end + 1) : apply(value, depth + 1));
            if (out.length() > MAX_VALUE_CHARS) {
                return text;
            }
            i = end + 1;
        }
        return out.toString();
    }

    Dependency apply(Dependency d) {
        List<String> exclusions = d.exclusions().stream().map(this::apply).toList();
        return new Dependency(apply(d.groupId()), apply(d.artifactId()), apply(d.version()), apply(d.type()),
                apply(d.classifier()), apply(d.scope()), apply(d.optional()), exclusions);
    }
}
