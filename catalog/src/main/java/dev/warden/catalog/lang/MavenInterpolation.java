package dev.warden.catalog.lang;

import dev.warden.catalog.lang.MavenPom.Dependency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ${name}} substitution in a model's context, as Maven interpolates a POM after inheritance. A name without a
 * value stays as written (Maven leaves it too, and a version still holding {@code ${} is reported as unresolved), and
 * so does a name whose value refers back to itself or nests deeper than {@link LangLimits#MAX_POM_PROPERTY_DEPTH}.
 * Each property is expanded once and remembered, so properties that name others twice over cost linear time, not
 * exponential; an expansion longer than {@link #MAX_VALUE_CHARS} characters is treated as unresolved.
 */
final class MavenInterpolation {
    /** A coordinate or version is a few dozen characters; this is far above and keeps doubling bombs small. */
    static final int MAX_VALUE_CHARS = 4096;

    private final Map<String, String> values;
    private final Map<String, String> expanded = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();

    MavenInterpolation(Map<String, String> values) {
        this.values = values;
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String result = substitute(text);
        return result == null ? text : result;
    }

    /** The text with its properties expanded, or null when that is longer than {@link #MAX_VALUE_CHARS}. */
    private String substitute(String text) {
        if (!text.contains("${")) {
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
            out.append(text, i, start).append(property(text.substring(start + 2, end)));
            if (out.length() > MAX_VALUE_CHARS) {
                return null;
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** The expanded value of one property, or {@code ${name}} as written when it has none that can be expanded. */
    private String property(String name) {
        String done = expanded.get(name);
        if (done != null) {
            return done;
        }
        String raw = values.get(name);
        String literal = "${" + name + "}";
        if (raw == null || expanding.size() >= LangLimits.MAX_POM_PROPERTY_DEPTH || !expanding.add(name)) {
            return literal; // unknown, too deep, or naming itself
        }
        try {
            String value = substitute(raw);
            String result = value == null ? literal : value;
            expanded.put(name, result);
            return result;
        } finally {
            expanding.remove(name);
        }
    }

    Dependency apply(Dependency d) {
        List<String> exclusions = d.exclusions().stream().map(this::apply).toList();
        return new Dependency(apply(d.groupId()), apply(d.artifactId()), apply(d.version()), apply(d.type()),
                apply(d.classifier()), apply(d.scope()), apply(d.optional()), exclusions);
    }
}
