package dev.warden.catalog.secret;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * gitleaks' rules are Go (RE2) regular expressions; Java reads most of them the same, and this rewrites the rest
 * (RE2 syntax, golang.org/s/re2syntax):
 * <ul>
 * <li>{@code (?P<name>...)}: Java names groups {@code (?<name>...)} but allows no '_' in names, so the group becomes
 *     a plain one (its number is unchanged, and rules refer to groups by number);</li>
 * <li>a {@code {} that starts no repetition ({@code \${VAR}}, {@code x{,3}}) is a literal in RE2 and an error in Java;</li>
 * <li>inside a character class, RE2's {@code [} and {@code &&} are literals, Java's a nested class and an
 *     intersection; {@code [:alpha:]} is RE2's ASCII class, {@code \p{Alpha}} in Java.</li>
 * </ul>
 * RE2's {@code (?U)} (ungreedy) means something else in Java and is refused.
 */
final class Re2Patterns {
    private Re2Patterns() {}

    private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"), Map.entry("blank", "\\p{Blank}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"), Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"), Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"), Map.entry("word", "\\w"),
            Map.entry("xdigit", "\\p{XDigit}"));

    /** @throws IllegalArgumentException naming what Java cannot read */
    static Pattern compile(String re2) {
        String java = toJava(re2);
        try {
            return Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    static String toJava(String re2) {
        var out = new StringBuilder(re2.length() + 8);
        boolean inClass = false;
        int i = 0;
        while (i < re2.length()) {
            char c = re2.charAt(i);
            if (re2.startsWith("\\Q", i)) { // quoted text: literal up to \E in both dialects
                int end = re2.indexOf("\\E", i + 2);
                end = end < 0 ? re2.length() : end + 2;
                out.append(re2, i, end);
                i = end;
                continue;
            }
            if (c == '\\' && i + 1 < re2.length()) {
                out.append(c).append(re2.charAt(i + 1));
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' && re2.startsWith("[:", i)) {
                    int end = re2.indexOf(":]", i + 2);
                    String name = end < 0 ? null : re2.substring(i + 2, end);
                    boolean negated = name != null && name.startsWith("^");
                    String java = name == null ? null : POSIX.get(negated ? name.substring(1) : name);
                    if (java == null) {
                        out.append("\\[");
                        i++;
                        continue;
                    }
                    out.append(negated ? java.replace("\\p", "\\P").replace("\\s", "\\S").replace("\\w", "\\W") : java);
                    i = end + 2;
                    continue;
                } else if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                // a ']' first (after an optional '^') is a literal in both
                if (i < re2.length() && re2.charAt(i) == '^') out.append(re2.charAt(i++));
                if (i < re2.length() && re2.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (re2.startsWith("(?P<", i)) {
                int end = re2.indexOf('>', i);
                if (end < 0) throw new IllegalArgumentException("not a valid regular expression: unclosed group name");
                out.append('(');
                i = end + 1;
                continue;
            }
            if (c == '(' && re2.startsWith("(?", i)) {
                int end = i + 2;
                while (end < re2.length() && (Character.isLetter(re2.charAt(end)) || re2.charAt(end) == '-')) end++;
                if (re2.substring(i + 2, end).contains("U")) {
                    throw new IllegalArgumentException("the flag U (ungreedy) is not supported; write the lazy quantifiers out (*?, +?)");
                }
            }
            if (c == '{' && !repetition(re2, i)) {
                out.append("\\{");
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: a repetition in both dialects. */
    private static boolean repetition(String re2, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < re2.length() && Character.isDigit(re2.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0 || j >= re2.length()) return false;
        if (re2.charAt(j) == '}') return true;
        if (re2.charAt(j) != ',') return false;
        j++;
        while (j < re2.length() && Character.isDigit(re2.charAt(j))) j++;
        return j < re2.length() && re2.charAt(j) == '}';
    }
}
