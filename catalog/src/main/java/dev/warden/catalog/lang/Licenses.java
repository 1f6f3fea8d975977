package dev.warden.catalog.lang;

import dev.warden.catalog.LicenseNames;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Licence text as language metadata writes it (SPDX expressions, "Apache License, Version 2.0", Python
 * trove classifiers) to SPDX. Long-form names that denote exactly one licence are mapped here; the rest
 * goes to {@link LicenseNames}, which keeps unknown names as {@code LicenseRef-} named licences.
 * Ambiguous names ("BSD License", "Apache Software License": which version?) are never resolved by guess.
 */
final class Licenses {
    private static final Pattern OPERATOR = Pattern.compile("\\s(AND|OR|WITH)\\s|[()]");

    /** Long names used by pom licences, npm legacy fields, gemspecs, Python "License:" and classifiers. */
    private static final Map<String, String> LONG_NAMES = Map.ofEntries(
            Map.entry("apache license, version 2.0", "Apache-2.0"),
            Map.entry("apache license version 2.0", "Apache-2.0"),
            Map.entry("apache license 2.0", "Apache-2.0"),
            Map.entry("the apache software license, version 2.0", "Apache-2.0"),
            Map.entry("the apache license, version 2.0", "Apache-2.0"),
            // URLs (OSGi Bundle-License, poms, npm, NuGet) go to LicenseNames, which asks the SPDX list (LicenseUrls)
            Map.entry("mit license", "MIT"),
            Map.entry("the mit license", "MIT"),
            Map.entry("isc license", "ISC"),
            Map.entry("isc license (iscl)", "ISC"),
            Map.entry("mozilla public license 2.0 (mpl 2.0)", "MPL-2.0"),
            Map.entry("mozilla public license 1.1 (mpl 1.1)", "MPL-1.1"),
            Map.entry("python software foundation license", "PSF-2.0"),
            Map.entry("gnu general public license v2 (gplv2)", "GPL-2.0-only"),
            Map.entry("gnu general public license v2 or later (gplv2+)", "GPL-2.0-or-later"),
            Map.entry("gnu general public license v3 (gplv3)", "GPL-3.0-only"),
            Map.entry("gnu general public license v3 or later (gplv3+)", "GPL-3.0-or-later"),
            Map.entry("gnu lesser general public license v2 (lgplv2)", "LGPL-2.0-only"),
            Map.entry("gnu lesser general public license v2 or later (lgplv2+)", "LGPL-2.0-or-later"),
            Map.entry("gnu lesser general public license v3 (lgplv3)", "LGPL-3.0-only"),
            Map.entry("gnu lesser general public license v3 or later (lgplv3+)", "LGPL-3.0-or-later"),
            Map.entry("gnu affero general public license v3", "AGPL-3.0-only"),
            Map.entry("gnu affero general public license v3 or later (agplv3+)", "AGPL-3.0-or-later"),
            Map.entry("eclipse public license 1.0 (epl-1.0)", "EPL-1.0"),
            Map.entry("eclipse public license 2.0 (epl-2.0)", "EPL-2.0"),
            Map.entry("boost software license 1.0 (bsl-1.0)", "BSL-1.0"),
            Map.entry("historical permission notice and disclaimer (hpnd)", "HPND"),
            Map.entry("the unlicense (unlicense)", "Unlicense"),
            Map.entry("universal permissive license (upl)", "UPL-1.0"),
            Map.entry("mit no attribution license (mit-0)", "MIT-0"),
            Map.entry("zero-clause bsd (0bsd)", "0BSD"),
            Map.entry("cc0 1.0 universal (cc0 1.0) public domain dedication", "CC0-1.0"),
            Map.entry("european union public licence 1.2 (eupl 1.2)", "EUPL-1.2"),
            Map.entry("zlib/libpng license", "Zlib"),
            Map.entry("postgresql license", "PostgreSQL"),
            Map.entry("new bsd license", "BSD-3-Clause"),
            Map.entry("simplified bsd license", "BSD-2-Clause"),
            Map.entry("3-clause bsd license", "BSD-3-Clause"),
            Map.entry("2-clause bsd license", "BSD-2-Clause"));

    /** The run's licence names, to which all but the long names go. */
    private final LicenseNames names;

    Licenses(LicenseNames names) {
        this.names = names;
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** The licences one metadata field states: one SPDX expression, or one named licence. */
    List<String> of(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String id = LONG_NAMES.get(key(text));
        if (id != null) {
            return List.of(id);
        }
        if (OPERATOR.matcher(text).find()) {
            return names.fromField(text);
        }
        String single = names.toSpdx(text);
        return single == null ? List.of() : List.of(single);
    }

    /**
     * The licence a Python trove classifier names ("License :: OSI Approved :: MIT License"), if it names
     * exactly one; empty for "OSI Approved" alone or ambiguous ones.
     */
    Optional<String> fromClassifier(String classifier) {
        String[] parts = classifier.split("::");
        if (parts.length < 3 || !parts[0].strip().equals("License")) {
            return Optional.empty();
        }
        String last = parts[parts.length - 1].strip();
        String id = LONG_NAMES.get(key(last));
        if (id != null) {
            return Optional.of(id);
        }
        String spdx = names.toSpdx(last);
        return spdx == null || spdx.startsWith("LicenseRef-") ? Optional.empty() : Optional.of(spdx);
    }
}
