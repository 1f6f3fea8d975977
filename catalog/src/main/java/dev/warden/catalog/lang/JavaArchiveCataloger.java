package dev.warden.catalog.lang;

import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Java archives (jar, war, ear, par, and Jenkins/Karaf jpi, hpi, kar), read as a stream: nested archives
 * (Spring Boot {@code BOOT-INF/lib}, {@code WEB-INF/lib}, jars in jars) are read from the enclosing
 * entry's stream, never written anywhere, to {@link LangLimits#MAX_ARCHIVE_DEPTH} levels.
 *
 * <p>Identity of an archive: the {@code META-INF/maven/G/A/pom.properties} whose artifactId matches the
 * file name (or the only one), else {@code MANIFEST.MF}. Every other pom.properties inside (shaded
 * copies) becomes a package nested under the archive. The groupId is never guessed: an archive known
 * only from its manifest or name gets a purl without namespace and {@code warden:group-unknown=true},
 * which matchers must treat as not matchable against Maven advisories.
 */
public final class JavaArchiveCataloger extends FileParsingCataloger {
    static final String NAME = "java-archive";
    private static final Set<String> EXTENSIONS = Set.of("jar", "war", "ear", "par", "jpi", "hpi", "kar");
    private static final Pattern POM_PROPERTIES = Pattern.compile("(?:^|.*/)META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[^/]*)");

    private final long maxExpandedBytes;
    private final long maxRatio;
    private final int maxEntries;
    private final int maxDepth;

    public JavaArchiveCataloger() {
        this(LangLimits.MAX_ARCHIVE_EXPANDED_BYTES, LangLimits.MAX_ARCHIVE_RATIO, LangLimits.MAX_ARCHIVE_ENTRIES,
                LangLimits.MAX_ARCHIVE_DEPTH);
    }

    /** Limits other than the defaults, for users with unusual archives (and for tests of the limits). */
    public JavaArchiveCataloger(long maxExpandedBytes, long maxRatio, int maxEntries, int maxDepth) {
        this.maxExpandedBytes = maxExpandedBytes;
        this.maxRatio = maxRatio;
        this.maxEntries = maxEntries;
        this.maxDepth = maxDepth;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    boolean wants(FileEntry entry) {
        return isArchiveName(entry.name());
    }

    static boolean isArchiveName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        Budget budget = new Budget(entry.path());
        Counting compressed = new Counting(content);
        budget.compressed = compressed;
        List<ArchiveScan> scans = new ArrayList<>();
        try {
            scan(entry.path(), compressed, 0, budget, scans);
        } catch (LimitExceeded e) {
            found.warn(e.getMessage());
        }
        scans.forEach(scan -> scan.warnings.forEach(found::warn));
        // Parents are created before their children: scans are listed in the order they were opened.
        Map<ArchiveScan, String> ids = new HashMap<>();
        for (ArchiveScan scan : scans) {
            ids.put(scan, report(scan, scan.parent == null ? null : ids.get(scan.parent), found));
        }
    }

    private String report(ArchiveScan scan, String parentId, Found found) {
        PomProperties own = scan.ownPom();
        Map<String, String> props = new HashMap<>();
        if (scan.sha1 != null) {
            props.put("warden:sha1", scan.sha1);
        }
        LangPackages.Coordinates coordinates;
        if (own != null) {
            props.put("warden:identity", "pom.properties");
            props.put("warden:pom-properties", scan.path + "!/" + own.entryName);
            coordinates = maven(own.groupId, own.artifactId, own.version);
        } else {
            coordinates = fromManifestOrName(scan, props);
        }
        Package archive = add(found, coordinates, scan.licenses(found.licenses()), scan.path, parentId, props);
        for (PomProperties pom : scan.poms) {
            if (pom != own) {
                add(found, maven(pom.groupId, pom.artifactId, pom.version), List.of(), scan.path + "!/" + pom.entryName,
                        archive.id(), Map.of("warden:identity", "pom.properties", "warden:nested", "shaded"));
            }
        }
        return archive.id();
    }

    private static Package add(Found found, LangPackages.Coordinates c, List<String> licenses, String path, String parentId,
            Map<String, String> props) {
        if (c.namespace() == null) {
            props = new HashMap<>(props);
            props.put("warden:group-unknown", "true");
        }
        return found.add(c, licenses, found.location(path), parentId, props);
    }

    private static LangPackages.Coordinates maven(String group, String artifact, String version) {
        return new LangPackages.Coordinates("maven", LangPackages.blankToNull(group), artifact, version);
    }

    /**
     * Name and version from a "name-1.2.jar" file name, else the name and the MANIFEST.MF version; the
     * group stays unknown.
     * The file name's version wins: it is the deployed Maven version advisories use, where manifests
     * carry build qualifiers ("5.13.0 (b0)", "3.22.0.v20241030-2121") or stale values (dom4j 1.1 says 1.2).
     */
    private static LangPackages.Coordinates fromManifestOrName(ArchiveScan scan, Map<String, String> props) {
        String base = baseName(scan.path);
        Matcher m = NAME_VERSION.matcher(base);
        Attributes main = scan.manifest == null ? new Attributes() : scan.manifest.getMainAttributes();
        String manifestVersion = first(main, "Implementation-Version", "Bundle-Version", "Specification-Version");
        if (manifestVersion != null) {
            props.put("warden:manifest-version", manifestVersion);
        }
        if (m.matches()) {
            props.put("warden:identity", "filename");
            return maven(null, m.group(1), m.group(2));
        }
        props.put("warden:identity", manifestVersion == null ? "filename" : "manifest");
        return maven(null, base, manifestVersion);
    }

    private static String first(Attributes attributes, String... names) {
        for (String name : names) {
            String value = LangPackages.blankToNull(attributes.getValue(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static String baseName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Reads one archive from {@code in}; nested archives are scanned from the same stream. */
    private void scan(String path, InputStream in, int depth, Budget budget, List<ArchiveScan> scans) throws IOException {
        ArchiveScan scan = new ArchiveScan(path, budget.current);
        scans.add(scan);
        ArchiveScan enclosing = budget.current;
        budget.current = scan;
        MessageDigest sha1 = sha1();
        DigestInputStream digesting = new DigestInputStream(in, sha1);
        boolean complete = false;
        try {
            ZipInputStream zip = new ZipInputStream(new Unclosable(digesting));
            int entries = 0;
            ZipEntry ze;
            while ((ze = zip.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new LimitExceeded(path + ": more than " + maxEntries + " entries in a Java archive; stopped reading it");
                }
                String name = ze.getName();
                if (!scan.escapingNameSeen && leavesArchive(name)) {
                    // harmless here (nothing is extracted) but a sign of a crafted archive: said once per archive
                    scan.escapingNameSeen = true;
                    scan.warnings.add(path + ": entry names that leave the archive (" + name
                            + "); read in place, nothing extracted");
                }
                Budgeted data = new Budgeted(zip, budget);
                if (ze.isDirectory()) {
                    data.drain();
                } else if (POM_PROPERTIES.matcher(name).matches()) {
                    scan.poms.add(PomProperties.parse(name, Bounded.readAll(data, LangLimits.MAX_METADATA_BYTES, path + "!/" + name)));
                } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    scan.manifest = new Manifest(new ByteArrayInputStream(
                            Bounded.readAll(data, LangLimits.MAX_METADATA_BYTES, path + "!/" + name)));
                } else if (isArchiveName(name.substring(name.lastIndexOf('/') + 1))) {
                    if (depth + 1 > maxDepth) {
                        scan.warnings.add(path + "!/" + name + ": Java archives nested deeper than " + maxDepth + " levels; not read");
                        data.drain();
                    } else {
                        scan(path + "!/" + name, data, depth + 1, budget, scans);
                        budget.current = scan;
                    }
                }
                data.drain();
            }
            digesting.transferTo(OutputStream.nullOutputStream());
            complete = true;
        } catch (ZipException | EOFException | WardenException e) {
            scan.warnings.add(path + ": unreadable Java archive (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            // ZipInputStream reports undecodable entry names this way.
            scan.warnings.add(path + ": unreadable Java archive (" + e.getMessage() + ")");
        } finally {
            budget.current = enclosing;
        }
        if (complete) {
            scan.sha1 = HexFormat.of().formatHex(sha1.digest());
        }
    }

    /** Zip-slip names: absolute, or with a ".." segment (either separator, as extractors on Windows read them). */
    static boolean leavesArchive(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return true;
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** What one archive holds. */
    private static final class ArchiveScan {
        final String path;
        final ArchiveScan parent;
        final List<PomProperties> poms = new ArrayList<>();
        Manifest manifest;
        final List<String> warnings = new ArrayList<>();
        String sha1;
        boolean escapingNameSeen;

        ArchiveScan(String path, ArchiveScan parent) {
            this.path = path;
            this.parent = parent;
        }

        /**
         * The pom.properties describing this archive itself: the one whose artifactId the file name
         * starts with; for a file name without a version ("app.jar"), also a single pom.properties.
         * A versioned name that matches none (opentelemetry-sdk-trace-1.55.0.jar holding only a shaded
         * jctools pom) leaves the archive to its manifest.
         */
        PomProperties ownPom() {
            String base = baseName(path);
            List<PomProperties> named = poms.stream()
                    .filter(p -> p.artifactId != null && (base.equals(p.artifactId) || base.startsWith(p.artifactId + "-")))
                    .sorted(Comparator.comparing((PomProperties p) -> !base.equals(p.artifactId + "-" + p.version))
                            .thenComparing(p -> -p.artifactId.length()))
                    .toList();
            if (!named.isEmpty()) {
                return named.getFirst();
            }
            boolean versionedName = NAME_VERSION.matcher(base).matches();
            return !versionedName && poms.size() == 1 && poms.getFirst().artifactId != null ? poms.getFirst() : null;
        }

        List<String> licenses(Licenses licenses) {
            if (manifest == null) {
                return List.of();
            }
            String license = LangPackages.blankToNull(manifest.getMainAttributes().getValue("Bundle-License"));
            return license == null ? List.of() : licenses.of(license.split(";", 2)[0]);
        }
    }

    private record PomProperties(String entryName, String groupId, String artifactId, String version) {
        static PomProperties parse(String entryName, byte[] bytes) throws IOException {
            Properties p = new Properties();
            p.load(new ByteArrayInputStream(bytes));
            return new PomProperties(entryName, value(p, "groupId"), value(p, "artifactId"), value(p, "version"));
        }

        private static String value(Properties p, String key) {
            String v = LangPackages.blankToNull(p.getProperty(key));
            // Unresolved placeholders say nothing about the artifact.
            return v == null || v.contains("${") ? null : v;
        }
    }

    /** Bytes expanded so far for one top-level archive, against its compressed bytes. */
    private final class Budget {
        final String path;
        Counting compressed;
        long expanded;
        ArchiveScan current;

        Budget(String path) {
            this.path = path;
        }

        void count(long n) {
            expanded += n;
            if (expanded > maxExpandedBytes) {
                throw new LimitExceeded(path + ": Java archive expands past " + maxExpandedBytes
                        + " bytes (zip bomb?); stopped reading it");
            }
            if (expanded > LangLimits.ARCHIVE_RATIO_THRESHOLD_BYTES && expanded > maxRatio * Math.max(1, compressed.count)) {
                throw new LimitExceeded(path + ": Java archive expands more than " + maxRatio
                        + " times its size (zip bomb?); stopped reading it");
            }
        }
    }

    /** A limit was hit: the warning names the file; what was read before stays reported. */
    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** The current entry's expanded bytes, counted against the budget. */
    private static final class Budgeted extends FilterInputStream {
        private final Budget budget;

        Budgeted(InputStream in, Budget budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                budget.count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                budget.count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            return read(buffer, 0, (int) Math.min(n, buffer.length));
        }

        @Override
        public void close() {
            // The entry belongs to the enclosing archive's stream.
        }

        void drain() throws IOException {
            byte[] buffer = new byte[64 << 10];
            while (read(buffer, 0, buffer.length) >= 0) {
                // counted and discarded
            }
        }
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }
}
