package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogContext;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.core.jar.RepositoryPaths;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.LocalFileContent;
import org.apache.commons.io.input.CloseShieldInputStream;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;
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
 * <p>Identity of an archive, first found wins, said in {@code warden:identity}:
 * <ol>
 *   <li>{@code pom.properties}: the {@code META-INF/maven/G/A/pom.properties} whose artifactId matches the file
 *       name (or the only one). Every other pom.properties inside (shaded copies) becomes a package nested under
 *       the archive;</li>
 *   <li>{@code repository-path}: a jar inside a Maven or Gradle repository layout ({@link RepositoryPaths}) is
 *       the coordinates of its path; the {@code .pom} beside it confirms it, without one it is low confidence;</li>
 *   <li>{@code embedded-sbom}: a jar packed in an archive whose build embedded a CycloneDX SBOM (Spring Boot's
 *       {@code META-INF/sbom/application.cdx.json}), by SHA-1 or file name ({@link EmbeddedSbom}); a jar beside
 *       such an archive (Spring Boot's extracted layout) by SHA-1 only;</li>
 *   <li>{@code sha1-index}: the jar's SHA-1 in the run's {@link dev.warden.core.jar.JarIndex}, asked once for
 *       every archive still unnamed when the run ends;</li>
 *   <li>{@code manifest-evidence}: a groupId the manifest claims and the classes' packages agree with
 *       ({@link ArchiveEvidence}), {@code warden:confidence=low};</li>
 *   <li>else the file name or manifest give name and version, the groupId stays unknown: a purl without
 *       namespace and {@code warden:group-unknown=true}, which matchers treat as not matchable against Maven
 *       advisories, and one counted warning for all such archives of the run.</li>
 * </ol>
 * The groupId is never guessed from a name.
 */
public final class JavaArchiveCataloger extends FileParsingCataloger {
    static final String NAME = "java-archive";
    private static final Set<String> EXTENSIONS = Set.of("jar", "war", "ear", "par", "jpi", "hpi", "kar");
    private static final Pattern POM_PROPERTIES = Pattern.compile("(?:^|.*/)META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[^/]*)");
    /** How many unnamed archives the run's one warning lists by name. */
    static final int UNNAMED_NAMED_IN_WARNING = 5;
    /** Identities the jar index may improve on: nothing or only a claim named the group. */
    private static final Set<String> INDEX_MAY_NAME = Set.of("filename", "manifest", "manifest-evidence");

    /**
     * Reader threads for the archives of this machine ({@code fs://}): the whole machine's ~2,000 jars are most of its
     * CPU time (their central directories and SHA-1s), and with the walk and the other catalogers on the handing
     * thread, two readers keep the 2 cores the issue sets its goal on busy; more would mostly hold more files and
     * memory at once. None on one core, where they would only take turns with the walk.
     */
    static final int READER_THREADS = 2;

    private final long maxExpandedBytes;
    private final long maxRatio;
    private final int maxEntries;
    private final int maxDepth;
    private final int readerThreads;

    public JavaArchiveCataloger() {
        this(LangLimits.MAX_ARCHIVE_EXPANDED_BYTES, LangLimits.MAX_ARCHIVE_RATIO, LangLimits.MAX_ARCHIVE_ENTRIES,
                LangLimits.MAX_ARCHIVE_DEPTH);
    }

    /** Limits other than the defaults, for users with unusual archives (and for tests of the limits). */
    public JavaArchiveCataloger(long maxExpandedBytes, long maxRatio, int maxEntries, int maxDepth) {
        this(maxExpandedBytes, maxRatio, maxEntries, maxDepth,
                Runtime.getRuntime().availableProcessors() > 1 ? READER_THREADS : 0);
    }

    private JavaArchiveCataloger(long maxExpandedBytes, long maxRatio, int maxEntries, int maxDepth, int readerThreads) {
        this.maxExpandedBytes = maxExpandedBytes;
        this.maxRatio = maxRatio;
        this.maxEntries = maxEntries;
        this.maxDepth = maxDepth;
        this.readerThreads = readerThreads;
    }

    /** This cataloger with {@code threads} reader threads for archives of this machine; 0: each read as it is handed over. */
    public JavaArchiveCataloger withReaderThreads(int threads) {
        return new JavaArchiveCataloger(maxExpandedBytes, maxRatio, maxEntries, maxDepth, threads);
    }

    @Override
    int readerThreads() {
        return readerThreads;
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
        List<ArchiveScan> scans = new ArrayList<>();
        Optional<LocalFileContent> local = LocalFileContent.of(content);
        try {
            if (local.isPresent()) {
                ChannelSlice file = ChannelSlice.of(local.get().channel());
                budget.compressedBytes = file::size;
                scanInPlace(entry.path(), file, 0, budget, scans);
            } else {
                Counting compressed = new Counting(content);
                budget.compressedBytes = () -> compressed.count;
                scan(entry.path(), compressed, 0, budget, scans);
            }
        } catch (LimitExceeded e) {
            found.warn(e.getMessage());
        }
        scans.forEach(scan -> scan.warnings.forEach(found::warn));
        // what each embedded SBOM says of jars by SHA-1, for jars beside the archive: joined in complete (see RunSboms);
        // the first SBOM to name a SHA-1 wins, in the order of the archives' paths
        scans.forEach(scan -> scan.sboms.forEach((where, sbom) -> found.note(where, RunSboms.facts(sbom))));
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
            props.put(PackageProperties.SHA1, scan.sha1);
        }
        LangPackages.Coordinates coordinates;
        Optional<JarCoordinates> fromPath = scan.parent == null ? RepositoryPaths.underRoot(scan.path) : Optional.empty();
        Optional<Map.Entry<String, JarCoordinates>> fromSbom = scan.enclosingSbomEntry();
        if (own != null) {
            props.put(PackageProperties.IDENTITY, "pom.properties");
            props.put(PackageProperties.POM_PROPERTIES, scan.path + "!/" + own.entryName);
            coordinates = maven(own.groupId, own.artifactId, own.version);
        } else if (fromPath.isPresent()) {
            props.put(PackageProperties.IDENTITY, "repository-path");
            if (!scan.path.contains("/" + RepositoryPaths.GRADLE_ROOT + "/")) {
                props.put(PackageProperties.REPOSITORY_POM, scan.path.substring(0, scan.path.lastIndexOf('/') + 1)
                        + fromPath.get().artifactId() + "-" + fromPath.get().version() + ".pom");
            }
            coordinates = maven(fromPath.get());
        } else if (fromSbom.isPresent()) {
            props.put(PackageProperties.IDENTITY, "embedded-sbom");
            props.put(PackageProperties.EMBEDDED_SBOM, fromSbom.get().getKey());
            coordinates = maven(fromSbom.get().getValue());
        } else {
            coordinates = fromManifestOrName(scan, props);
        }
        Package archive = add(found, coordinates, scan.licenses(found.licenses()), scan.path, parentId, props);
        for (PomProperties pom : scan.poms) {
            if (pom != own) {
                add(found, maven(pom.groupId, pom.artifactId, pom.version), List.of(), scan.path + "!/" + pom.entryName,
                        archive.id(), Map.of(PackageProperties.IDENTITY, "pom.properties", PackageProperties.NESTED, "shaded"));
            }
        }
        return archive.id();
    }

    private static Package add(Found found, LangPackages.Coordinates c, List<String> licenses, String path, String parentId,
            Map<String, String> props) {
        if (c.namespace() == null) {
            props = new HashMap<>(props);
            props.put(PackageProperties.GROUP_UNKNOWN, "true");
        }
        return found.add(c, licenses, found.location(path), parentId, props);
    }

    private static LangPackages.Coordinates maven(String group, String artifact, String version) {
        return new LangPackages.Coordinates("maven", LangPackages.blankToNull(group), artifact, version);
    }

    private static LangPackages.Coordinates maven(JarCoordinates c) {
        return maven(c.groupId(), c.artifactId(), c.version());
    }

    /**
     * At the end of the run: a repository-path identity without its {@code .pom} becomes low confidence; archives
     * still without a groupId are looked up in the jar index (one query for all); those left unnamed get one
     * counted warning.
     */
    @Override
    Object startRun() {
        return new RunSboms();
    }

    /**
     * A jar's parse depends on the jar alone (its path, for a repository layout's coordinates, and its bytes); the jar
     * index, the {@code .pom} beside a repository jar and the SBOMs of other archives are joined in {@link #complete},
     * which runs every time. So each jar's parse is kept per file, and an image that adds one jar reads that one.
     */
    @Override
    boolean keepsParses() {
        return true;
    }

    @Override
    void noted(Object run, String about, Map<String, String> facts) {
        ((RunSboms) run).add(about, facts);
    }

    /**
     * The SHA-1s every embedded SBOM of the run names, for jars that sit beside the archive rather than in it: Spring
     * Boot's {@code java -Djarmode=tools extract} (the layout of Spring's own Dockerfiles) leaves the application jar,
     * which keeps {@code META-INF/sbom/application.cdx.json}, and its dependencies side by side in {@code lib/}. A SHA-1
     * names one file exactly, so a match needs no closeness; file names are only trusted inside the archive.
     */
    private static final class RunSboms {
        private final Map<String, Map.Entry<String, JarCoordinates>> bySha1 = new HashMap<>();

        /** An SBOM's SHA-1s and coordinates as a parse's note ({@link Found#note}), which is kept as text. */
        static Map<String, String> facts(EmbeddedSbom sbom) {
            Map<String, String> facts = new HashMap<>();
            sbom.bySha1().forEach((sha1, c) -> facts.put(sha1, c.groupId() + ":" + c.artifactId() + ":" + c.version()));
            return facts;
        }

        /** The first note naming a SHA-1 wins: notes come in the order of their files' paths, read now or kept. */
        synchronized void add(String where, Map<String, String> facts) {
            facts.forEach((sha1, gav) -> {
                String[] parts = gav.split(":", 3);
                if (parts.length == 3) {
                    bySha1.putIfAbsent(sha1, Map.entry(where, new JarCoordinates(parts[0], parts[1], parts[2])));
                }
            });
        }

        synchronized Map.Entry<String, JarCoordinates> get(String sha1) {
            return sha1 == null ? null : bySha1.get(sha1);
        }
    }

    @Override
    List<Package> complete(List<Package> packages, FileSystemView files, CatalogContext context, Object run) {
        RunSboms sboms = (RunSboms) run;
        List<Package> fromSboms = new ArrayList<>(packages.size());
        for (Package p : packages) {
            Map.Entry<String, JarCoordinates> named = INDEX_MAY_NAME.contains(p.properties().get(PackageProperties.IDENTITY))
                    ? sboms.get(p.properties().get(PackageProperties.SHA1)) : null;
            fromSboms.add(named == null ? p : fromEmbeddedSbom(p, named));
        }
        packages = fromSboms;
        Map<String, List<JarCoordinates>> indexed = lookUp(packages, context);
        List<Package> result = new ArrayList<>(packages.size());
        List<String> unnamed = new ArrayList<>();
        for (Package p : packages) {
            Package revised = revise(p, files, indexed);
            if (revised.properties().containsKey(PackageProperties.GROUP_UNKNOWN)) {
                unnamed.add(revised.locations().isEmpty() ? revised.name() : revised.locations().getFirst().path());
            }
            result.add(revised);
        }
        if (!unnamed.isEmpty()) {
            context.warn(unnamed.size() + " Java archive(s) without pom.properties that no repository path, embedded SBOM, "
                    + "jar index entry or agreeing manifest names: listed without a groupId (pkg:generic) and not matched "
                    + "against Maven advisories; 'warden db import' of the build's Maven or Gradle repository names them ("
                    + String.join(", ", unnamed.subList(0, Math.min(UNNAMED_NAMED_IN_WARNING, unnamed.size())))
                    + (unnamed.size() > UNNAMED_NAMED_IN_WARNING ? ", ..." : "") + ")");
        }
        return result;
    }

    private static Package fromEmbeddedSbom(Package p, Map.Entry<String, JarCoordinates> named) {
        Map<String, String> props = new LinkedHashMap<>(p.properties());
        props.put(PackageProperties.IDENTITY, "embedded-sbom");
        props.put(PackageProperties.EMBEDDED_SBOM, named.getKey());
        props.remove(PackageProperties.GROUP_UNKNOWN);
        props.remove(PackageProperties.CONFIDENCE);
        return LangPackages.renamed(p, maven(named.getValue()), props);
    }

    private static Map<String, List<JarCoordinates>> lookUp(List<Package> packages, CatalogContext context) {
        Set<String> wanted = new HashSet<>();
        for (Package p : packages) {
            String sha1 = p.properties().get(PackageProperties.SHA1);
            if (sha1 != null && INDEX_MAY_NAME.contains(p.properties().get(PackageProperties.IDENTITY))) {
                wanted.add(sha1);
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        try {
            return context.jarIndex().find(wanted);
        } catch (RuntimeException e) {
            // the index is another component's store: whatever stops it costs names, not the scan
            context.warn("the jar index could not be read (" + e.getMessage() + "); Java archives without pom.properties "
                    + "are named from their own evidence only");
            return Map.of();
        }
    }

    private static Package revise(Package p, FileSystemView files, Map<String, List<JarCoordinates>> indexed) {
        Map<String, String> props = new LinkedHashMap<>(p.properties());
        String pom = props.get(PackageProperties.REPOSITORY_POM);
        if (pom != null) {
            if (files.resolve(pom).isEmpty()) {
                props.remove(PackageProperties.REPOSITORY_POM);
                props.put(PackageProperties.CONFIDENCE, "low");
                return p.withProperties(props);
            }
            return p;
        }
        String sha1 = props.get(PackageProperties.SHA1);
        List<JarCoordinates> candidates = sha1 == null ? null : indexed.get(sha1);
        if (candidates == null || candidates.isEmpty() || !INDEX_MAY_NAME.contains(props.get(PackageProperties.IDENTITY))) {
            return p;
        }
        String base = baseName(p.locations().isEmpty() ? p.name() : p.locations().getFirst().path());
        List<JarCoordinates> byName = candidates.stream()
                .filter(c -> base.equals(c.artifactId() + "-" + c.version()) || base.startsWith(c.artifactId() + "-" + c.version() + "-"))
                .toList();
        List<JarCoordinates> chosen = byName.isEmpty() ? candidates : byName;
        JarCoordinates c = chosen.stream().sorted(Comparator.comparing(JarCoordinates::toString)).findFirst().orElseThrow();
        props.put(PackageProperties.IDENTITY, "sha1-index");
        props.remove(PackageProperties.GROUP_UNKNOWN);
        props.remove(PackageProperties.CONFIDENCE);
        if (chosen.size() > 1) {
            // one file published under several coordinates, none told apart by the file's name
            props.put(PackageProperties.CONFIDENCE, "low");
            props.put(PackageProperties.INDEX_CANDIDATES, String.valueOf(chosen.size()));
        }
        return LangPackages.renamed(p, maven(c), props);
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
            props.put(PackageProperties.MANIFEST_VERSION, manifestVersion);
        }
        String artifact = m.matches() ? m.group(1) : base;
        String version = m.matches() ? m.group(2) : manifestVersion;
        Optional<String> group = scan.manifest == null ? Optional.empty() : ArchiveEvidence.groupId(main, artifact, scan.packages);
        if (group.isPresent() && version != null) {
            props.put(PackageProperties.IDENTITY, "manifest-evidence");
            props.put(PackageProperties.CONFIDENCE, "low");
            return maven(group.get(), artifact, version);
        }
        props.put(PackageProperties.IDENTITY, m.matches() || manifestVersion == null ? "filename" : "manifest");
        return maven(null, artifact, version);
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
            ZipInputStream zip = new ZipInputStream(CloseShieldInputStream.wrap(digesting));
            int entries = 0;
            ZipEntry ze;
            while ((ze = zip.getNextEntry()) != null) {
                String name = ze.getName();
                checkEntry(scan, ++entries, name);
                Budgeted data = new Budgeted(zip, budget);
                if (!ze.isDirectory() && read(scan, name, data, depth)) {
                    scan(path + "!/" + name, data, depth + 1, budget, scans);
                    budget.current = scan;
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

    /** The entry limit, and one warning per archive for names that would leave it when extracted. */
    private void checkEntry(ArchiveScan scan, int entries, String name) {
        if (entries > maxEntries) {
            throw new LimitExceeded(scan.path + ": more than " + maxEntries + " entries in a Java archive; stopped reading it");
        }
        if (!scan.escapingNameSeen && leavesArchive(name)) {
            // harmless here (nothing is extracted) but a sign of a crafted archive: said once per archive
            scan.escapingNameSeen = true;
            scan.warnings.add(scan.path + ": entry names that leave the archive (" + name + "); read in place, nothing extracted");
        }
    }

    /**
     * Reads one entry of {@code scan}'s archive: its metadata, or the package of a class. Returns true for a nested
     * archive to descend into, which the caller reads its own way; {@code data} is the entry's expanded content.
     */
    private boolean read(ArchiveScan scan, String name, InputStream data, int depth) throws IOException {
        String path = scan.path;
        if (isPomProperties(name)) {
            scan.poms.add(PomProperties.parse(name, Bounded.readAll(data, LangLimits.MAX_METADATA_BYTES, path + "!/" + name)));
        } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
            scan.manifest = new Manifest(new ByteArrayInputStream(
                    Bounded.readAll(data, LangLimits.MAX_METADATA_BYTES, path + "!/" + name)));
        } else if (EmbeddedSbom.isSbomEntry(name, scan.sbomLocation())) {
            readSbom(scan, name, data);
        } else if (name.endsWith(".class")) {
            String pkg = ArchiveEvidence.packageOf(name);
            if (pkg != null && scan.packages.size() < ArchiveEvidence.MAX_PACKAGES) {
                scan.packages.add(pkg);
            }
        } else if (isArchiveName(name.substring(name.lastIndexOf('/') + 1))) {
            if (depth + 1 > maxDepth) {
                scan.warnings.add(path + "!/" + name + ": Java archives nested deeper than " + maxDepth + " levels; not read");
                return false;
            }
            return true;
        }
        return false;
    }

    /** Whether {@link #read} inflates this entry or descends into it; the in-place reader inflates only those. */
    private static boolean opens(ArchiveScan scan, String name) {
        return isPomProperties(name) || name.equalsIgnoreCase("META-INF/MANIFEST.MF")
                || EmbeddedSbom.isSbomEntry(name, scan.sbomLocation()) || isArchiveName(name.substring(name.lastIndexOf('/') + 1));
    }

    /**
     * Reads one archive that is a file of this machine (or stored, uncompressed, in one) by its central directory:
     * only the entries {@link #read} uses are inflated, nested archives stored in it are read in place too, those
     * compressed in it are read as streams. The SHA-1 is of the archive's bytes, as the stream reader's. The central
     * directory decides what the archive holds (names, which entries exist): it is what the JVM's class loader and
     * {@code java -jar} read; a local header that says otherwise is not looked at. An archive whose end record the
     * directory reader should not be given ({@link ZipEndRecord}: zip64, a prefix, a directory too large or claiming more
     * than the entry limit) or that it refuses ({@link CentralDirectory}: records that do not walk) is read as a stream
     * instead.
     */
    private void scanInPlace(String path, ChannelSlice archive, int depth, Budget budget, List<ArchiveScan> scans)
            throws IOException {
        ZipEndRecord end = ZipEndRecord.read(archive);
        CentralDirectory directory = null;
        if (end != null && end.entries() <= maxEntries && end.directoryBytes() <= LangLimits.MAX_CENTRAL_DIRECTORY_BYTES) {
            directory = CentralDirectory.read(archive, end); // null: the stream reader gives this archive its own warning
        }
        if (directory == null) {
            scan(path, archive.stream(), depth, budget, scans);
            return;
        }
        ArchiveScan scan = new ArchiveScan(path, budget.current);
        scans.add(scan);
        ArchiveScan enclosing = budget.current;
        budget.current = scan;
        try {
            String sha1 = HexFormat.of().formatHex(archive.sha1(sha1()));
            for (int i = 0; i < directory.size(); i++) {
                String name = directory.name(i);
                checkEntry(scan, i + 1, name);
                if (name.endsWith("/")) {
                    continue; // a directory
                }
                if (!opens(scan, name)) {
                    read(scan, name, InputStream.nullInputStream(), depth); // class names: no content needed
                    continue;
                }
                // a stored entry whose sizes agree is a slice of this file, read in place in turn
                ChannelSlice stored = directory.method(i) == CentralDirectory.STORED && !directory.encrypted(i)
                        && directory.compressedSize(i) == directory.size(i) ? directory.raw(i) : null;
                try (InputStream raw = stored == null ? directory.open(i) : InputStream.nullInputStream()) {
                    Budgeted data = new Budgeted(raw, budget);
                    if (read(scan, name, stored == null ? data : stored.stream(), depth)) {
                        if (stored != null) {
                            scanInPlace(path + "!/" + name, stored, depth + 1, budget, scans);
                        } else {
                            scan(path + "!/" + name, data, depth + 1, budget, scans);
                        }
                        budget.current = scan;
                    }
                }
            }
            scan.sha1 = sha1;
        } catch (ZipException | EOFException | WardenException | IllegalArgumentException e) {
            scan.warnings.add(path + ": unreadable Java archive (" + e.getMessage() + ")");
        } finally {
            budget.current = enclosing;
        }
    }

    private static void readSbom(ArchiveScan scan, String name, InputStream data) throws IOException {
        String where = scan.path + "!/" + name;
        try {
            EmbeddedSbom sbom = EmbeddedSbom.read(Bounded.readAll(data, EmbeddedSbom.MAX_BYTES, where), where);
            if (!sbom.isEmpty()) {
                scan.sboms.put(where, sbom);
            }
        } catch (WardenException | IOException e) {
            scan.warnings.add(where + ": embedded SBOM not read (" + e.getMessage() + ")");
        }
    }

    /**
     * A {@code META-INF/maven/G/A/pom.properties} entry. Every entry name of every archive is asked: the suffix test
     * first spares the regular expression (whose leading {@code .*} backtracks) nearly all of them.
     */
    private static boolean isPomProperties(String name) {
        return name.endsWith("/pom.properties") && POM_PROPERTIES.matcher(name).matches();
    }

    /** Zip-slip names: absolute, or with a ".." segment (either separator, as extractors on Windows read them). */
    static boolean leavesArchive(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return true;
        }
        if (!name.contains("..")) {
            return false; // nearly every name: no regular expression split for it
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
        /** Embedded SBOMs by where they are ("app.jar!/META-INF/sbom/application.cdx.json"). */
        final Map<String, EmbeddedSbom> sboms = new LinkedHashMap<>();
        /** Packages of the classes directly inside, up to {@link ArchiveEvidence#MAX_PACKAGES}. */
        final Set<String> packages = new HashSet<>();
        String sha1;
        boolean escapingNameSeen;
        /** The manifest {@link #sbomLocation} was read from, and what it said. */
        private Manifest sbomLocationOf;
        private String sbomLocation;

        ArchiveScan(String path, ArchiveScan parent) {
            this.path = path;
            this.parent = parent;
        }

        /**
         * The manifest's {@code Sbom-Location}, when the manifest came first (Spring Boot writes it first). Asked for
         * every entry: looked up once per manifest.
         */
        String sbomLocation() {
            if (manifest != sbomLocationOf) {
                sbomLocationOf = manifest;
                sbomLocation = manifest == null ? null : LangPackages.blankToNull(manifest.getMainAttributes().getValue("Sbom-Location"));
            }
            return sbomLocation;
        }

        /** What an SBOM embedded in an enclosing archive says this archive is: by SHA-1, else by file name. */
        Optional<Map.Entry<String, JarCoordinates>> enclosingSbomEntry() {
            String base = baseName(path);
            for (ArchiveScan outer = parent; outer != null; outer = outer.parent) {
                for (Map.Entry<String, EmbeddedSbom> e : outer.sboms.entrySet()) {
                    JarCoordinates c = sha1 == null ? null : e.getValue().bySha1().get(sha1);
                    if (c == null) {
                        c = e.getValue().byFileName().get(base);
                    }
                    if (c != null) {
                        return Optional.of(Map.entry(e.getKey(), c));
                    }
                }
            }
            return Optional.empty();
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
            return license == null ? List.of() : BundleLicense.licences(license, licenses);
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
        /** Bytes of the top-level archive read so far (a stream), or its size (read in place). */
        LongSupplier compressedBytes;
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
            if (expanded > LangLimits.ARCHIVE_RATIO_THRESHOLD_BYTES && expanded > maxRatio * Math.max(1, compressedBytes.getAsLong())) {
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

}
