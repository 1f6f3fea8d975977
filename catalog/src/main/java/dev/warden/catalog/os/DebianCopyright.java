package dev.warden.catalog.os;

import dev.warden.catalog.AsciiCase;
import dev.warden.catalog.LicenseNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Licences of a Debian package from its {@code /usr/share/doc/PKG/copyright}: the License: fields
 * of a machine-readable (DEP-5) file, else the /usr/share/common-licenses/ files the text points to.
 * A file that names no licence gives none: nothing is guessed from prose.
 *
 * <p>A scan reads a copyright file per package (a minbase root's 88 files are 1.1 MB) on a cold
 * JVM, where a case-insensitive regular expression searched over a whole text costs several method
 * calls per character. So the text is searched with String.indexOf and short character loops, and a
 * regular expression only runs where such a search has found the word it must start with. Each loop does what the
 * regular expression in its comment did, including Java's ASCII-only case folding and its line
 * terminators; DpkgLicensesGoldenTest holds what the expressions gave on a real root.
 */
final class DebianCopyright {
    private static final String LICENSE_FIELD = "license:";
    private static final String COMMON_LICENSES = "/usr/share/common-licenses/";
    /** The usual GNU notice in prose: "GNU Lesser General Public License, version 2.1 (or, at your option, any later version)". */
    private static final Pattern GNU_NOTICE = Pattern.compile(
            "(?i)GNU\\s+(Lesser\\s+|Library\\s+|Affero\\s+)?General\\s+Public\\s+License,?\\s+(?:as\\s+published\\s+by\\s+the\\s+Free\\s+Software\\s+Foundation;?\\s+)?(?:either\\s+)?(?:version|v\\.?)\\s*(\\d(?:\\.\\d)?)"
                    + "(,?\\s*\\(?(?:or,?\\s*)?(?:\\(?at\\s+your\\s+option\\)?,?\\s*)?(?:any\\s+)?later(?:\\s+version)?)?");
    /** The word {@link #GNU_NOTICE} starts with, found by a plain scan before the expression runs. */
    private static final String GNU = "gnu";
    private static final String LATER = "later";

    /** The files in /usr/share/common-licenses (base-files) and what they are. */
    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("Apache-2.0", "Apache-2.0"), Map.entry("Artistic", "Artistic-1.0-Perl"),
            Map.entry("BSD", "BSD-3-Clause"), Map.entry("CC0-1.0", "CC0-1.0"),
            Map.entry("GFDL-1.2", "GFDL-1.2"), Map.entry("GFDL-1.3", "GFDL-1.3"), Map.entry("GFDL", "GFDL"),
            Map.entry("GPL-1", "GPL-1.0"), Map.entry("GPL-2", "GPL-2.0"), Map.entry("GPL-3", "GPL-3.0"), Map.entry("GPL", "GPL"),
            Map.entry("LGPL-2", "LGPL-2.0"), Map.entry("LGPL-2.1", "LGPL-2.1"), Map.entry("LGPL-3", "LGPL-3.0"), Map.entry("LGPL", "LGPL"),
            Map.entry("MPL-1.1", "MPL-1.1"), Map.entry("MPL-2.0", "MPL-2.0"));

    /** The run's licence names, whose memo serves every copyright file of the root. */
    private final LicenseNames names;

    DebianCopyright(LicenseNames names) {
        this.names = names;
    }

    List<String> licenses(String text) {
        Set<String> ids = new LinkedHashSet<>();
        if (isMachineReadable(text)) {
            licenseFields(text, ids);
            return List.copyOf(ids);
        }
        Boolean orLater = null; // looked for once, and only when a GNU licence file is named
        int from = 0;
        int at;
        while ((at = text.indexOf(COMMON_LICENSES, from)) >= 0) {
            // was /usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*), trailing [.,;] dropped
            int start = at + COMMON_LICENSES.length();
            int end = start;
            if (end < text.length() && isAsciiLetterOrDigit(text.charAt(end))) {
                end++;
                while (end < text.length() && isFileNameChar(text.charAt(end))) {
                    end++;
                }
            }
            if (end == start) {
                from = at + 1;
                continue;
            }
            from = end;
            while (text.charAt(end - 1) == '.') { // of [.,;] only '.' can be in the name
                end--;
            }
            String file = text.substring(start, end);
            String base = COMMON.get(file);
            if (base == null) {
                ids.add(names.toSpdx(file));
            } else if (base.startsWith("GPL") || base.startsWith("LGPL") || base.startsWith("GFDL")) {
                // the file holds one version's text; the notice beside the path says whether later ones apply
                if (orLater == null) {
                    orLater = mentionsLaterVersions(text);
                }
                ids.add(names.toSpdx(base + (orLater ? "+" : isAsciiDigit(base.charAt(base.length() - 1)) ? "-only" : "")));
            } else {
                ids.add(base);
            }
        }
        if (ids.isEmpty()) {
            gnuNotices(text, ids);
        }
        ids.remove(null);
        return List.copyOf(ids);
    }

    /**
     * What {@code (?im)^License:[ \t]*(\S[^\n]*)$} found: each line that starts with "License:" and
     * has a value, the value running to the next '\n' (less a '\r' just before it). A value can hold
     * other line terminators ('\r', U+0085, U+2028, U+2029), and a line that starts inside it is part
     * of it, as the expression's match went on over it. The fields are found by their colons, with
     * String.indexOf, which a cold JVM runs faster than a loop over every character of the text.
     */
    private void licenseFields(String text, Set<String> ids) {
        int name = LICENSE_FIELD.length() - 1;
        int from = 0;
        int colon = text.indexOf(':', from + name);
        while (colon >= 0) {
            int line = colon - name;
            int value = colon + 1;
            if (isLineStart(text, line) && AsciiCase.startsWith(text, line, LICENSE_FIELD)) {
                while (value < text.length() && (text.charAt(value) == ' ' || text.charAt(value) == '\t')) {
                    value++;
                }
                if (value < text.length() && !isRegexSpace(text.charAt(value))) {
                    int newline = text.indexOf('\n', value);
                    int end = newline < 0 ? text.length() : text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
                    ids.addAll(names.fromDebianExpression(text.substring(value, end)));
                    from = end; // the next field starts after this one's value
                }
            }
            colon = text.indexOf(':', Math.max(colon + 1, from + name));
        }
    }

    /**
     * Whether a line starts at {@code at} as a multi-line regular expression's '^' sees it: at the
     * text's start or after '\n', '\r', U+0085, U+2028 or U+2029, but not between '\r' and '\n'.
     */
    private static boolean isLineStart(String text, int at) {
        if (at == 0) {
            return true;
        }
        char before = text.charAt(at - 1);
        if (before == '\r') {
            return text.charAt(at) != '\n';
        }
        return before == '\n' || before == '\u0085' || before == '\u2028' || before == '\u2029';
    }

    /**
     * What {@code (?i)(any\s+later\s+version|or\s+later)} found anywhere in the text: each "later"
     * is looked at with what stands before and after it.
     */
    private static boolean mentionsLaterVersions(String text) {
        int at = -1;
        while ((at = AsciiCase.indexOf(text, LATER, at + 1)) >= 0) {
            int before = at;
            while (before > 0 && isRegexSpace(text.charAt(before - 1))) {
                before--;
            }
            if (before == at) {
                continue;
            }
            if (before >= 2 && AsciiCase.startsWith(text, before - 2, "or")) {
                return true;
            }
            if (before >= 3 && AsciiCase.startsWith(text, before - 3, "any")) {
                int after = at + LATER.length();
                int word = after;
                while (word < text.length() && isRegexSpace(text.charAt(word))) {
                    word++;
                }
                if (word > after && AsciiCase.startsWith(text, word, "version")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The licences of {@link #GNU_NOTICE}'s matches, the expression tried only where "GNU" stands,
     * which is where every match starts; the search goes on after a match, as {@code find()} does.
     */
    private void gnuNotices(String text, Set<String> ids) {
        Matcher notice = GNU_NOTICE.matcher(text);
        int at = AsciiCase.indexOf(text, GNU, 0);
        while (at >= 0) {
            notice.region(at, text.length());
            if (notice.lookingAt()) {
                String family = notice.group(1) == null ? "GPL" : notice.group(1).strip().toLowerCase(Locale.ROOT).equals("affero") ? "AGPL" : "LGPL";
                ids.add(names.toSpdx(family + "-" + notice.group(2) + (notice.group(3) != null ? "+" : "")));
                at = AsciiCase.indexOf(text, GNU, notice.end());
            } else {
                at = AsciiCase.indexOf(text, GNU, at + 1);
            }
        }
    }

    private static boolean isMachineReadable(String text) {
        int head = 0;
        while (head < text.length() && Character.isWhitespace(text.charAt(head))) { // as stripLeading() would
            head++;
        }
        if (!text.regionMatches(true, head, "Format:", 0, 7) && !text.regionMatches(true, head, "Format-Specification:", 0, 21)) {
            return false;
        }
        int end = head;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        String firstLine = text.substring(head, end).toLowerCase(Locale.ROOT);
        return firstLine.contains("copyright-format") || firstLine.contains("dep5") || firstLine.contains("dep-5");
    }

    /** A regular expression's {@code \s}: [ \t\n\x0B\f\r]. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isFileNameChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '+' || c == '_' || c == '-';
    }
}
