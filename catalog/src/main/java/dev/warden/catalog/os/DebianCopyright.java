package dev.warden.catalog.os;

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
 */
final class DebianCopyright {
    private static final Pattern LICENSE_FIELD = Pattern.compile("(?im)^License:[ \\t]*(\\S[^\\n]*)$");
    private static final Pattern COMMON_LICENSES = Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*)");
    /** The usual GNU notice in prose: "GNU Lesser General Public License, version 2.1 (or, at your option, any later version)". */
    private static final Pattern GNU_NOTICE = Pattern.compile(
            "(?i)GNU\\s+(Lesser\\s+|Library\\s+|Affero\\s+)?General\\s+Public\\s+License,?\\s+(?:as\\s+published\\s+by\\s+the\\s+Free\\s+Software\\s+Foundation;?\\s+)?(?:either\\s+)?(?:version|v\\.?)\\s*(\\d(?:\\.\\d)?)"
                    + "(,?\\s*\\(?(?:or,?\\s*)?(?:\\(?at\\s+your\\s+option\\)?,?\\s*)?(?:any\\s+)?later(?:\\s+version)?)?");
    private static final Pattern LATER = Pattern.compile("(?i)(any\\s+later\\s+version|or\\s+later)");

    /** The files in /usr/share/common-licenses (base-files) and what they are. */
    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("Apache-2.0", "Apache-2.0"), Map.entry("Artistic", "Artistic-1.0-Perl"),
            Map.entry("BSD", "BSD-3-Clause"), Map.entry("CC0-1.0", "CC0-1.0"),
            Map.entry("GFDL-1.2", "GFDL-1.2"), Map.entry("GFDL-1.3", "GFDL-1.3"), Map.entry("GFDL", "GFDL"),
            Map.entry("GPL-1", "GPL-1.0"), Map.entry("GPL-2", "GPL-2.0"), Map.entry("GPL-3", "GPL-3.0"), Map.entry("GPL", "GPL"),
            Map.entry("LGPL-2", "LGPL-2.0"), Map.entry("LGPL-2.1", "LGPL-2.1"), Map.entry("LGPL-3", "LGPL-3.0"), Map.entry("LGPL", "LGPL"),
            Map.entry("MPL-1.1", "MPL-1.1"), Map.entry("MPL-2.0", "MPL-2.0"));

    private DebianCopyright() {}

    static List<String> licences(String text) {
        String head = text.stripLeading();
        Set<String> ids = new LinkedHashSet<>();
        if (isMachineReadable(head)) {
            Matcher m = LICENSE_FIELD.matcher(text);
            while (m.find()) {
                ids.addAll(LicenseNames.fromDebianExpression(m.group(1)));
            }
            return List.copyOf(ids);
        }
        boolean orLater = LATER.matcher(text).find();
        Matcher m = COMMON_LICENSES.matcher(text);
        while (m.find()) {
            String file = m.group(1).replaceAll("[.,;]+$", "");
            String base = COMMON.get(file);
            if (base == null) {
                ids.add(LicenseNames.toSpdx(file));
            } else if (base.matches("(L?GPL|GFDL).*")) {
                // the file holds one version's text; the notice beside the path says whether later ones apply
                ids.add(LicenseNames.toSpdx(base + (orLater ? "+" : base.matches(".*\\d") ? "-only" : "")));
            } else {
                ids.add(base);
            }
        }
        if (ids.isEmpty()) {
            Matcher notice = GNU_NOTICE.matcher(text);
            while (notice.find()) {
                String family = notice.group(1) == null ? "GPL" : notice.group(1).strip().toLowerCase(Locale.ROOT).equals("affero") ? "AGPL" : "LGPL";
                ids.add(LicenseNames.toSpdx(family + "-" + notice.group(2) + (notice.group(3) != null ? "+" : "")));
            }
        }
        ids.remove(null);
        return List.copyOf(ids);
    }

    private static boolean isMachineReadable(String head) {
        if (!head.regionMatches(true, 0, "Format:", 0, 7) && !head.regionMatches(true, 0, "Format-Specification:", 0, 21)) {
            return false;
        }
        String firstLine = head.lines().findFirst().orElse("").toLowerCase(Locale.ROOT);
        return firstLine.contains("copyright-format") || firstLine.contains("dep5") || firstLine.contains("dep-5");
    }
}
