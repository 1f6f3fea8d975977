package dev.warden.catalog.os;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.Distro;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the distro of an image from its release files: os-release first (the standard), then the
 * distro-specific files older or stripped images still carry.
 */
public final class DistroDetector {
    static final String ETC_OS_RELEASE = "/etc/os-release";
    static final String USR_OS_RELEASE = "/usr/lib/os-release";
    static final String DEBIAN_VERSION = "/etc/debian_version";
    static final String ALPINE_RELEASE = "/etc/alpine-release";
    static final String REDHAT_RELEASE = "/etc/redhat-release";
    private static final List<String> RELEASE_FILES = List.of(ETC_OS_RELEASE, USR_OS_RELEASE, DEBIAN_VERSION, ALPINE_RELEASE, REDHAT_RELEASE);

    private static final Pattern REDHAT = Pattern.compile("^(.*?)\\s+release\\s+(\\S+)(?:\\s+\\(([^)]*)\\))?");
    private static final Pattern PARENTHESISED = Pattern.compile("\\(([^)]+)\\)");

    private DistroDetector() {}

    /** The distro, or null when the image has no recognisable release file. Reads the release files in a pass of its own. */
    public static Distro detect(FileSystemView files, Consumer<String> warnings) throws IOException {
        Collector collector = new Collector(files);
        if (collector.isEmpty()) {
            return null;
        }
        files.read(collector::wants, (entry, content) -> collector.accept(entry, content, warnings));
        return collector.distro();
    }

    /**
     * Gathers the release files during a read pass shared with other readers, so detecting the
     * distro costs no pass over the layers of its own.
     */
    public static final class Collector {
        /** Real path (after following links such as /etc/os-release -> ../usr/lib/os-release) to the names it serves. */
        private final Map<String, List<String>> namesByRealPath = new HashMap<>();
        private final Map<String, String> contents = new HashMap<>();
        /** Each release file name present, in a fixed order, and the file it leads to. */
        private final Map<String, FileEntry> sources = new java.util.LinkedHashMap<>();

        public Collector(FileSystemView files) {
            for (String name : RELEASE_FILES) {
                files.resolve(name).filter(FileEntry::isFile).ifPresent(e -> {
                    namesByRealPath.computeIfAbsent(e.path(), k -> new ArrayList<>()).add(name);
                    sources.put(name, e);
                });
            }
        }

        /** The release file names present and the files they lead to: all the distro depends on. */
        public Map<String, FileEntry> sources() {
            return java.util.Collections.unmodifiableMap(sources);
        }

        boolean isEmpty() {
            return namesByRealPath.isEmpty();
        }

        public boolean wants(FileEntry entry) {
            return namesByRealPath.containsKey(entry.path());
        }

        /**
         * Reads one release file (at most {@link CatalogLimits#MAX_RELEASE_FILE_BYTES} + 1 bytes) and
         * returns the bytes read, so a caller can hand the same content on.
         */
        public byte[] accept(FileEntry entry, InputStream content, Consumer<String> warnings) throws IOException {
            byte[] bytes = content.readNBytes(CatalogLimits.MAX_RELEASE_FILE_BYTES + 1);
            if (bytes.length > CatalogLimits.MAX_RELEASE_FILE_BYTES) {
                warnings.accept(entry.path() + ": larger than " + CatalogLimits.MAX_RELEASE_FILE_BYTES + " bytes, not a release file; ignored");
            } else {
                String text = new String(bytes, StandardCharsets.UTF_8);
                for (String name : namesByRealPath.getOrDefault(entry.path(), List.of())) {
                    contents.put(name, text);
                }
            }
            return bytes;
        }

        /** The distro from the files gathered so far; null when none is recognisable. */
        public Distro distro() {
            return fromReleaseFiles(contents);
        }
    }

    /** Decides the distro from release-file texts keyed by their standard path. */
    static Distro fromReleaseFiles(Map<String, String> contents) {
        String osRelease = contents.getOrDefault(ETC_OS_RELEASE, contents.get(USR_OS_RELEASE));
        String debianVersion = contents.get(DEBIAN_VERSION);
        if (osRelease != null) {
            Map<String, String> fields = parseOsRelease(osRelease);
            String id = fields.get("ID");
            if (id != null && !id.isEmpty()) {
                id = id.toLowerCase(Locale.ROOT);
                String version = fields.get("VERSION_ID");
                String codename = firstNonEmpty(fields.get("VERSION_CODENAME"), fields.get("UBUNTU_CODENAME"));
                if (codename == null && fields.get("VERSION") != null) {
                    Matcher m = PARENTHESISED.matcher(fields.get("VERSION"));
                    if (m.find() && id.equals("debian")) {
                        codename = m.group(1).trim().toLowerCase(Locale.ROOT);
                    }
                }
                if (id.equals("debian")) {
                    if (version == null && debianVersion != null) {
                        version = DebianReleases.majorVersion(debianVersion.trim());
                    }
                    if (codename == null) {
                        codename = DebianReleases.codename(version != null ? version : debianVersion);
                    }
                }
                return new Distro(id, version, codename, fields.get("PRETTY_NAME"));
            }
        }
        if (debianVersion != null) {
            String text = debianVersion.trim();
            String version = DebianReleases.majorVersion(text);
            return new Distro("debian", version, DebianReleases.codename(version != null ? version : text), null);
        }
        String alpine = contents.get(ALPINE_RELEASE);
        if (alpine != null && !alpine.isBlank()) {
            return new Distro("alpine", alpine.trim(), null, null);
        }
        String redhat = contents.get(REDHAT_RELEASE);
        if (redhat != null) {
            Matcher m = REDHAT.matcher(redhat.trim());
            if (m.find()) {
                return new Distro(redhatId(m.group(1)), m.group(2), m.group(3), redhat.trim());
            }
        }
        return null;
    }

    private static String redhatId(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("red hat")) {
            return "rhel";
        }
        if (lower.startsWith("centos")) {
            return "centos";
        }
        if (lower.startsWith("fedora")) {
            return "fedora";
        }
        if (lower.startsWith("rocky")) {
            return "rocky";
        }
        if (lower.startsWith("almalinux")) {
            return "almalinux";
        }
        if (lower.startsWith("oracle")) {
            return "ol";
        }
        return lower.split("\\s+")[0];
    }

    /** KEY=value lines as os-release(5) defines them: shell-like quoting, # comments. */
    static Map<String, String> parseOsRelease(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            fields.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return fields;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
            boolean doubleQuoted = value.charAt(0) == '"';
            value = value.substring(1, value.length() - 1);
            if (doubleQuoted) {
                StringBuilder out = new StringBuilder(value.length());
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\\' && i + 1 < value.length()) {
                        c = value.charAt(++i);
                    }
                    out.append(c);
                }
                return out.toString();
            }
        }
        return value;
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : null;
    }
}
