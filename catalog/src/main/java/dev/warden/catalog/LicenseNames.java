package dev.warden.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the licence names package databases use (Debian DEP-5 short names, Alpine's and rpm's
 * free-form fields, SPDX ids in any case) to SPDX identifiers. A name with no SPDX identifier is
 * kept as a named licence ({@code LicenseRef-<name>}), never replaced by a guess.
 *
 * <p>An instance remembers what it mapped: one is made per cataloguing run ({@link CatalogContext#licenseNames()})
 * and shared by its catalogers, which may map from several threads at once. Nothing is kept from one run to the
 * next: the mapping tables below are immutable.
 */
public final class LicenseNames {
    /**
     * How many names and expressions each memo keeps. A root's copyright files repeat a few hundred
     * distinct License: values (1,663 fields, 150 distinct, on a Debian minbase root); the bound only
     * keeps a hostile database of endless distinct names from growing the memos.
     */
    static final int MAX_CACHED = 4096;
    /** The longest name or expression remembered: real ones are short, and a long one would hold its memory for the run. */
    static final int MAX_CACHED_CHARS = 200;

    /** SPDX ids seen in distributions, keyed in lower case (SPDX ids match case-insensitively). */
    private static final Map<String, String> SPDX = byLowerCase(List.of(
            "0BSD", "AFL-2.1", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.0", "Apache-1.1", "Apache-2.0",
            "APSL-2.0", "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-2.0", "Beerware", "BSD-1-Clause", "BSD-2-Clause",
            "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSD-4-Clause-UC", "BSD-Source-Code",
            "BSL-1.0", "bzip2-1.0.6", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-1.0",
            "CC-BY-SA-2.0", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "CPL-1.0",
            "curl", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "FSFAP", "FSFUL", "FSFULLR", "FTL", "GFDL-1.1-only",
            "GFDL-1.1-or-later", "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later", "GFDL-1.1-no-invariants-only", "GFDL-1.1-no-invariants-or-later",
            "GFDL-1.2-no-invariants-only", "GFDL-1.2-no-invariants-or-later", "GFDL-1.3-no-invariants-only",
            "GFDL-1.3-no-invariants-or-later", "GPL-1.0-only",
            "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ICU", "IJG",
            "Info-ZIP", "IPL-1.0", "ISC", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
            "LGPL-3.0-only", "LGPL-3.0-or-later", "Latex2e", "libpng-2.0", "Libpng", "LPPL-1.3c", "MirOS", "MIT", "MIT-0", "MPL-1.0",
            "MPL-1.1", "MPL-2.0", "MS-PL", "NCSA", "NTP", "OFL-1.0", "OFL-1.1", "OLDAP-2.8", "OpenSSL", "PHP-3.0",
            "PHP-3.01", "PostgreSQL", "PSF-2.0", "Python-2.0", "QPL-1.0", "Ruby", "SGI-B-2.0", "Sleepycat", "TCL",
            "Unicode-3.0", "Unicode-DFS-2015", "Unicode-DFS-2016", "Unlicense", "UPL-1.0", "Vim", "W3C", "WTFPL", "X11",
            "X11-distribute-modifications-variant", "Zlib", "zlib-acknowledgement", "ZPL-2.0", "ZPL-2.1"));

    private static Map<String, String> byLowerCase(List<String> ids) {
        Map<String, String> byLower = new HashMap<>();
        for (String id : ids) {
            byLower.put(id.toLowerCase(Locale.ROOT), id);
        }
        return Map.copyOf(byLower);
    }

    /** Debian short names (DEP-5 section "License specification") without their version part. */
    private static final Map<String, String> DEBIAN_NAMES = Map.ofEntries(
            Map.entry("expat", "MIT"),
            Map.entry("mit", "MIT"),
            Map.entry("artistic", "Artistic-1.0-Perl"),
            Map.entry("perl", "Artistic-1.0-Perl OR GPL-1.0-or-later"),
            Map.entry("cc0", "CC0-1.0"),
            Map.entry("python", "PSF-2.0"),
            Map.entry("psf", "PSF-2.0"),
            Map.entry("zlib", "Zlib"),
            Map.entry("isc", "ISC"),
            Map.entry("openssl", "OpenSSL"),
            Map.entry("boost-1.0", "BSL-1.0"),
            Map.entry("bsl-1.0", "BSL-1.0"),
            Map.entry("bsd-2-clause", "BSD-2-Clause"),
            Map.entry("bsd-3-clause", "BSD-3-Clause"),
            Map.entry("bsd-4-clause", "BSD-4-Clause"),
            Map.entry("zope-2.1", "ZPL-2.1"),
            Map.entry("w3c-software", "W3C"),
            Map.entry("unicode", "Unicode-DFS-2016"),
            // Fedora's names from before it moved to SPDX ("License: ASL 2.0")
            Map.entry("asl 2.0", "Apache-2.0"),
            Map.entry("asl 1.1", "Apache-1.1"),
            Map.entry("asl 1.0", "Apache-1.0"),
            Map.entry("boost", "BSL-1.0"),
            Map.entry("zplv2.1", "ZPL-2.1"));

    /** Exceptions with an SPDX identifier, by the name written before "exception". */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "gcc", "GCC-exception-3.1", "gcc-3.1", "GCC-exception-3.1", "classpath", "Classpath-exception-2.0",
            "autoconf", "Autoconf-exception-2.0", "bison", "Bison-exception-2.2", "font", "Font-exception-2.0",
            "libtool", "Libtool-exception", "openssl", "OpenSSL-exception");

    /** GPL family with a version and optional "+": GPL-2+, LGPL-2.1, AGPL-3+, GFDL-1.3+, GPLv2+, GPL2. */
    private static final Pattern GNU = Pattern.compile("(?i)^(a|l)?(gpl|gfdl)(?:[- ]?v?(\\d+(?:\\.\\d+)?))?(\\+|-or-later|-only)?$");
    /** Debian's two spellings of a GFDL without invariant sections: GFDL-NIV-1.3+, GFDL-1.3+-no-invariant. */
    private static final Pattern GFDL_NIV = Pattern.compile("(?i)^GFDL-(?:NIV-(\\d\\.\\d)(\\+)?|(\\d\\.\\d)(\\+)?-no-invariants?)$");
    private static final Pattern VERSIONED = Pattern.compile("(?i)^(apache|mpl|epl|cddl|cc-by(?:-sa|-nd|-nc|-nc-sa|-nc-nd)?|artistic|ofl|zpl|lppl|afl)[- ]?v?(\\d+(?:\\.\\d+)?)\\+?$");
    private static final Pattern WITH = Pattern.compile("(?i)^(.+?)\\s+with\\s+(.+?)(?:\\s+exception)?$");
    private static final Pattern DEBIAN_SEPARATOR = Pattern.compile("(?i)\\s*,?\\s+(?:or|and)\\s+|\\s*,\\s*");
    private static final Pattern LOWER_OPERATOR = Pattern.compile("\\s(and|or)\\s");
    private static final Pattern SPDX_OPERATOR = Pattern.compile("\\s+(AND|OR|WITH)\\s+|[()]");

    /** {@link #toSpdx} by name: on a cold JVM its regular expressions cost more than a lookup. */
    private final Map<String, String> spdxByName = new ConcurrentHashMap<>();
    /** {@link #fromDebianExpression} by expression, as unmodifiable lists. */
    private final Map<String, List<String>> idsByExpression = new ConcurrentHashMap<>();

    /** An empty memo, for one cataloguing run. */
    public LicenseNames() {}

    /** One licence name to an SPDX id (or LicenseRef-...); null for an empty name. */
    public String toSpdx(String name) {
        if (name == null) {
            return null;
        }
        String cached = spdxByName.get(name);
        if (cached != null) {
            return cached;
        }
        String id = mapToSpdx(name);
        if (id != null) {
            remember(spdxByName, name, id);
        }
        return id;
    }

    /**
     * Keeps one mapping within the bounds. Under contention a few threads may each pass the size check, so a memo can
     * hold a handful over {@link #MAX_CACHED}; the bound is about memory, not an exact count.
     */
    private static <V> void remember(Map<String, V> memo, String key, V value) {
        if (key.length() <= MAX_CACHED_CHARS && memo.size() < MAX_CACHED) {
            memo.put(key, value);
        }
    }

    /** How many names this instance remembers (tests of the bound). */
    int rememberedNames() {
        return spdxByName.size();
    }

    /** How many Debian expressions this instance remembers (tests of the bound). */
    int rememberedExpressions() {
        return idsByExpression.size();
    }

    private static String mapToSpdx(String name) {
        String n = name.strip();
        while (n.endsWith(".") || n.endsWith(";")) {
            n = n.substring(0, n.length() - 1).strip();
        }
        if (n.isEmpty()) {
            return null;
        }
        String lower = n.toLowerCase(Locale.ROOT);
        String known = SPDX.get(lower);
        if (known != null) {
            return known;
        }
        String debian = DEBIAN_NAMES.get(lower);
        if (debian != null) {
            return debian;
        }
        // each expression below is tried only when the name starts (or ends) as its matches must
        Matcher niv = lower.startsWith("gfdl-") ? GFDL_NIV.matcher(n) : null;
        if (niv != null && niv.matches()) {
            String version = niv.group(1) != null ? niv.group(1) : niv.group(3);
            boolean later = niv.group(2) != null || niv.group(4) != null;
            return "GFDL-" + version + "-no-invariants-" + (later ? "or-later" : "only");
        }
        Matcher gnu = mayBeGnu(lower) ? GNU.matcher(n) : null;
        if (gnu != null && gnu.matches()) {
            return gnuLicense(gnu);
        }
        char last = n.charAt(n.length() - 1);
        Matcher versioned = last == '+' || (last >= '0' && last <= '9') ? VERSIONED.matcher(n) : null;
        if (versioned != null && versioned.matches()) {
            String family = versioned.group(1).toUpperCase(Locale.ROOT);
            String version = versioned.group(2).contains(".") ? versioned.group(2) : versioned.group(2) + ".0";
            String candidate = switch (family) {
                case "APACHE" -> "Apache-" + version;
                case "ARTISTIC" -> "Artistic-" + version;
                default -> family + "-" + version;
            };
            String id = SPDX.get(candidate.toLowerCase(Locale.ROOT));
            if (id != null) {
                return id;
            }
        }
        if (lower.equals("public-domain") || lower.equals("public domain") || lower.equals("publicdomain")) {
            return "LicenseRef-public-domain";
        }
        return licenseRef(n);
    }

    /** Whether a lower-cased name starts as {@link #GNU}'s matches do: gpl, gfdl, with an "a" or "l" before. */
    private static boolean mayBeGnu(String lower) {
        int family = lower.startsWith("a") || lower.startsWith("l") ? 1 : 0;
        return lower.startsWith("gpl", family) || lower.startsWith("gfdl", family);
    }

    private static String gnuLicense(Matcher gnu) {
        String prefix = gnu.group(1) == null ? "" : gnu.group(1).toUpperCase(Locale.ROOT);
        String family = prefix + gnu.group(2).toUpperCase(Locale.ROOT);
        String version = gnu.group(3);
        String suffix = gnu.group(4);
        boolean orLater = suffix != null && (suffix.equals("+") || suffix.equalsIgnoreCase("-or-later"));
        if (version == null) {
            // A GNU licence without a version lets the user pick any version ever published.
            version = switch (family) {
                case "LGPL" -> "2.0";
                case "GFDL" -> "1.1";
                case "AGPL" -> "3.0";
                default -> "1.0";
            };
            orLater = true;
        } else if (!version.contains(".")) {
            version = version + ".0";
        }
        String id = SPDX.get((family + "-" + version + (orLater ? "-or-later" : "-only")).toLowerCase(Locale.ROOT));
        return id != null ? id : licenseRef(gnu.group());
    }

    /** A name kept as it is, as an SPDX LicenseRef (letters, digits, '.' and '-' only). */
    public static String licenseRef(String name) {
        // each run of other characters becomes one '-', none at either end
        StringBuilder id = new StringBuilder("LicenseRef-");
        int empty = id.length();
        boolean dash = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
                if (dash && id.length() > empty) {
                    id.append('-');
                }
                dash = false;
                id.append(c);
            } else {
                dash = true;
            }
        }
        return id.length() == empty ? null : id.toString();
    }

    /**
     * A DEP-5 License: value ("GPL-2+ or Artistic", "BSD-3-clause and GPL-2+", "GPL-2+ with
     * OpenSSL exception") to the distinct SPDX ids it names, in order.
     */
    public List<String> fromDebianExpression(String expression) {
        List<String> cached = idsByExpression.get(expression);
        if (cached == null) {
            Set<String> ids = new LinkedHashSet<>();
            for (String part : DEBIAN_SEPARATOR.split(expression.strip())) {
                String id = fromDebianTerm(part);
                if (id != null) {
                    ids.add(id);
                }
            }
            cached = List.copyOf(ids);
            remember(idsByExpression, expression, cached);
        }
        return new ArrayList<>(cached);
    }

    private String fromDebianTerm(String term) {
        // WITH's matches hold "with": most terms do not, and skip the expression
        Matcher with = AsciiCase.indexOf(term, "with", 0) >= 0 ? WITH.matcher(term.strip()) : null;
        if (with == null || !with.matches()) {
            return toSpdx(term);
        }
        String base = toSpdx(with.group(1));
        String name = with.group(2).strip().toLowerCase(Locale.ROOT).replaceAll("[- ]exception$", "");
        boolean gpl3 = base != null && base.startsWith("GPL-3");
        // the Autoconf and GCC exceptions have one text per GPL version
        String exception = name.equals("autoconf") ? (gpl3 ? "Autoconf-exception-3.0" : "Autoconf-exception-2.0")
                : name.equals("gcc") && !gpl3 ? "GCC-exception-2.0" : EXCEPTIONS.get(name);
        return base == null || exception == null || base.startsWith("LicenseRef-") || base.contains(" ")
                ? base : base + " WITH " + exception;
    }

    /**
     * A field that may already be an SPDX expression ("MIT AND (GPL-2.0-or-later OR BSD-3-Clause)")
     * or a space-separated list of names ("MIT BSD GPL2+", older Alpine): expressions come back as one
     * expression with each licence name mapped, lists as one entry per name.
     */
    public List<String> fromField(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        String text = field.strip();
        if (SPDX_OPERATOR.matcher(text).find()) {
            StringBuilder out = new StringBuilder();
            Matcher m = SPDX_OPERATOR.matcher(text);
            int last = 0;
            boolean afterWith = false;
            while (m.find()) {
                appendMapped(out, text.substring(last, m.start()), afterWith);
                out.append(m.group(1) != null ? " " + m.group(1) + " " : m.group());
                afterWith = "WITH".equals(m.group(1));
                last = m.end();
            }
            appendMapped(out, text.substring(last), afterWith);
            return List.of(out.toString().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip());
        }
        if (LOWER_OPERATOR.matcher(text).find()) {
            return fromDebianExpression(text); // "GPLv2+ and BSD": Fedora's older style
        }
        String whole = toSpdx(text);
        if (!whole.equals(licenseRef(text)) || !text.contains(" ")) { // the whole field is one known name
            return List.of(whole);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String name : text.split("[\\s,]+")) {
            String id = toSpdx(name);
            if (id != null) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    private void appendMapped(StringBuilder out, String atom, boolean exception) {
        if (atom.isBlank()) {
            return;
        }
        // after WITH comes an exception id, which is no licence name to map
        String id = exception ? atom.strip().replaceAll("[^A-Za-z0-9.+-]+", "-") : toSpdx(atom);
        if (id != null) {
            out.append(id.contains(" ") ? "(" + id + ")" : id);
        }
    }
}
