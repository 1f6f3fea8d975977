package dev.warden.catalog.lang;

import dev.warden.catalog.lang.GoBuildInfoDecoder.GoBuildInfo;
import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Packages recorded inside compiled binaries, found by content, never by name: Go build info (main module,
 * dependencies, toolchain as {@code stdlib}) and the {@code cargo auditable} crate list of Rust binaries.
 * Both are read in one streaming pass per candidate file ({@link ExecutableScan}) so that a binary is read
 * once, not once per language; what that pass asks to read next ({@link ReadPlan}: an ELF file's section names, or
 * the whole file) and a {@code .dep-v0} section it found are read at the end, in that order.
 *
 * <p>Candidates are regular files within the size limits that are executable, or that are larger than
 * {@link BinaryLimits#MIN_UNMARKED_BYTES} (and at most {@link BinaryLimits#MAX_UNMARKED_BYTES}) and neither have an extension of a known non-executable kind nor sit under a
 * package manager's or documentation folder (Go binaries copied into images sometimes lose their mode bits;
 * shared libraries often have none). Whether a candidate is an executable is decided by its magic bytes.
 */
public final class BinaryCataloger implements Cataloger, Cataloger.PerFile {
    static final String GO = "go-module-binary";
    static final String RUST = "rust-cargo-auditable";
    private static final String COMMAND_LINE_ARGUMENTS = "command-line-arguments";

    /** Extensions of files that are never executables (text, archives, images), or that other catalogers read. */
    private static final Set<String> NOT_BINARY = Set.of("txt", "md", "rst", "html", "htm", "css", "js", "mjs", "cjs", "ts",
            "json", "xml", "yaml", "yml", "toml", "lock", "ini", "cfg", "conf", "properties", "py", "pyc", "pyi", "rb", "pl",
            "pm", "php", "sh", "bash", "h", "hpp", "c", "cc", "cpp", "go", "rs", "java", "class", "jar", "war", "ear", "zip",
            "gz", "tgz", "xz", "bz2", "zst", "lz4", "tar", "deb", "rpm", "apk", "png", "jpg", "jpeg", "gif", "svg", "ico",
            "webp", "pdf", "ttf", "otf", "woff", "woff2", "mo", "po", "pem", "crt", "key", "csv", "tsv", "sql", "db",
            "sqlite", "list", "md5sums", "gem", "whl", "map", "mod", "sum", "tmpl", "tpl", "vim", "el", "tex");
    /** Folders of package databases and documentation: never binaries, and already read by other catalogers. */
    private static final List<String> NOT_BINARY_DIRS = List.of("/var/lib/dpkg/", "/var/lib/rpm/", "/lib/apk/db/",
            "/var/lib/apt/", "/var/cache/", "/var/log/",
            "/usr/share/doc/", "/usr/share/man/", "/usr/share/locale/", "/usr/share/i18n/", "/usr/include/",
            "/usr/share/zoneinfo/", "/usr/share/mime/");

    private final long maxBinaryBytes;

    public BinaryCataloger() {
        this(BinaryLimits.MAX_BINARY_BYTES);
    }

    /** A size limit other than the default, for users with larger binaries (and for tests of the limit). */
    public BinaryCataloger(long maxBinaryBytes) {
        this.maxBinaryBytes = maxBinaryBytes;
    }

    @Override
    public String name() {
        return "binary";
    }

    @Override
    public Session start(CatalogContext context) {
        return new BinarySession(context);
    }

    /** Whether the file may be a binary worth opening, ignoring the upper size limit. */
    static boolean candidate(FileEntry entry) {
        if (!entry.isFile() || entry.size() < BinaryLimits.MIN_BINARY_BYTES) {
            return false;
        }
        if (entry.isExecutable()) {
            return true;
        }
        if (entry.size() < BinaryLimits.MIN_UNMARKED_BYTES || entry.size() > BinaryLimits.MAX_UNMARKED_BYTES
                || NOT_BINARY_DIRS.stream().anyMatch(entry.path()::startsWith)) {
            return false;
        }
        String name = entry.name();
        int dot = name.lastIndexOf('.');
        return dot < 0 || !NOT_BINARY.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A file found in the first pass, and the section of it to read at the end ({@code architecture}: its slice's, or null). */
    private record Pending(FileEntry entry, ExecutableScan.Section section, String architecture) {
        Pending(FileEntry entry, ExecutableScan.Section section) {
            this(entry, section, null);
        }
    }

    private final class BinarySession implements Considering {
        private final CatalogContext context;
        private final List<Package> packages = new ArrayList<>();
        /** .dep-v0 sections to read at the end, by path (one per slice of a universal file). */
        private final Map<String, List<Pending>> depReads = new LinkedHashMap<>();
        /** Files to read again, whole, at the end (see {@link ReadPlan.Whole}). */
        private final Map<String, FileEntry> fullReads = new LinkedHashMap<>();
        /** Files whose section names are yet to be read, and where (see {@link ReadPlan.Names}). */
        private final Map<String, Pending> nameReads = new LinkedHashMap<>();
        /** Sessions receive files one at a time (the orchestrator serialises accept), so one buffer serves them all. */
        private final byte[] buffer = ExecutableScan.newBuffer();

        BinarySession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            return candidate(entry) && entry.size() <= maxBinaryBytes;
        }

        /** The executables too large to inspect, which finish names from the listing. */
        @Override
        public boolean considers(FileEntry entry) {
            return oversized(entry);
        }

        private boolean oversized(FileEntry e) {
            return candidate(e) && e.isExecutable() && e.size() > maxBinaryBytes;
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            ExecutableScan.Result scan;
            try {
                scan = ExecutableScan.scan(content, entry.size(), maxBinaryBytes, buffer);
            } catch (EOFException e) {
                cutShort(entry, e);
                return;
            }
            record(entry, scan);
        }

        /** Keeps what one read of {@code entry} found: Go packages now; its plan and a .dep-v0 section for the reads at the end. */
        private void record(FileEntry entry, ExecutableScan.Result scan) {
            if (scan == null) {
                return;
            }
            for (ExecutableScan.Slice slice : scan.slices()) {
                record(entry, slice.result(), slice.architecture());
            }
            record(entry, scan, null);
        }

        private void record(FileEntry entry, ExecutableScan.Result scan, String architecture) {
            switch (scan.next()) {
                case ReadPlan.Names names -> nameReads.put(entry.path(), new Pending(entry, names.nameTable()));
                case ReadPlan.Whole whole -> fullReads.put(entry.path(), entry);
                case ReadPlan.Done done -> { }
            }
            if (scan.goProblem() != null) {
                context.warn(entry.path() + ": Go build info unreadable" + (architecture == null ? "" : " (" + architecture + " slice)")
                        + ": " + scan.goProblem());
            } else if (scan.go() != null) {
                try {
                    goPackages(entry, scan.go()).forEach(p -> packages.add(withArchitecture(p, architecture)));
                } catch (WardenException e) {
                    context.warn(entry.path() + ": Go build info unreadable: " + e.getMessage());
                }
            }
            if (scan.depV0() != null) {
                if (scan.depV0().size() > BinaryLimits.MAX_DEP_V0_SECTION_BYTES || scan.depV0().size() <= 0
                        || scan.depV0().offset() < 0 || scan.depV0().offset() + scan.depV0().size() > entry.size()) {
                    context.warn(entry.path() + ": .dep-v0 section of " + scan.depV0().size() + " bytes at offset "
                            + scan.depV0().offset() + " is outside the file or over the limit of " + BinaryLimits.MAX_DEP_V0_SECTION_BYTES);
                } else {
                    List<Pending> sections = depReads.computeIfAbsent(entry.path(), k -> new ArrayList<>());
                    if (sections.stream().noneMatch(p -> p.section().equals(scan.depV0()))) { // a whole read finds it again
                        sections.add(new Pending(entry, scan.depV0(), architecture));
                    }
                }
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) throws IOException {
            for (FileEntry e : files.entries()) {
                if (oversized(e)) {
                    context.warn(e.path() + ": " + e.size() + " bytes, over the limit of " + maxBinaryBytes
                            + " for binaries; not inspected for Go or Rust build info");
                }
            }
            // in this order: naming the sections may ask for a whole read; either may find a .dep-v0 section
            if (!nameReads.isEmpty()) {
                files.read(e -> nameReads.containsKey(e.path()), this::readNames);
            }
            if (!fullReads.isEmpty()) {
                files.read(e -> fullReads.containsKey(e.path()), this::readWhole);
            }
            if (!depReads.isEmpty()) {
                files.read(e -> depReads.containsKey(e.path()), this::readDepSections);
            }
            merged(packages).forEach(sink::add);
        }

        private void readNames(FileEntry entry, InputStream content) throws IOException {
            Pending pending = nameReads.get(entry.path());
            try {
                ExecutableScan.Result named = ExecutableScan.scanNames(content, pending.entry().size(), pending.section(), buffer);
                if (named == null) {
                    context.warn(entry.path() + ": changed between two reads; not inspected for Go or Rust build info");
                    return;
                }
                record(pending.entry(), named);
            } catch (EOFException e) {
                cutShort(entry, e);
            }
        }

        private void readWhole(FileEntry entry, InputStream content) throws IOException {
            FileEntry scanned = fullReads.get(entry.path());
            ExecutableScan.Result whole;
            try {
                whole = ExecutableScan.scanWhole(content, maxBinaryBytes, buffer);
            } catch (EOFException e) {
                cutShort(entry, e);
                return;
            }
            // Go findings only: the whole read does not look for .dep-v0 (a Go binary is no cargo-auditable one), the
            // first read did, through the same window before the section table the whole read would search
            record(scanned, whole);
        }

        /** A read of {@code entry} (first, names or whole) met the end of the file before what its headers promised. */
        private void cutShort(FileEntry entry, EOFException e) {
            context.warn(entry.path() + ": binary cut short (" + e.getMessage() + ")");
        }

        /** The .dep-v0 sections of one file (one per slice of a universal file), in file order: the stream only goes forward. */
        private void readDepSections(FileEntry entry, InputStream content) {
            List<Pending> sections = new ArrayList<>(depReads.get(entry.path()));
            sections.sort(java.util.Comparator.comparingLong(p -> p.section().offset()));
            long position = 0;
            for (Pending pending : sections) {
                ExecutableScan.Section section = pending.section();
                if (section.offset() < position) {
                    context.warn(entry.path() + ": .dep-v0 sections overlap; the one at offset " + section.offset() + " is not read");
                    continue;
                }
                try {
                    content.skipNBytes(section.offset() - position);
                    position = section.offset();
                    byte[] compressed = content.readNBytes((int) section.size());
                    position += compressed.length;
                    if (compressed.length < section.size()) {
                        throw new WardenException(entry.path() + ": .dep-v0 section cut off by the end of the file");
                    }
                    Location location = new Location(entry.path(), pending.entry().layerDiffId());
                    for (CargoAuditable.Crate crate : CargoAuditable.parse(compressed, entry.path())) {
                        Map<String, String> props = new LinkedHashMap<>();
                        props.put(PackageProperties.CARGO_KIND, crate.kind());
                        if (crate.source() != null) {
                            props.put(PackageProperties.CARGO_SOURCE, crate.source());
                        }
                        if (crate.root()) {
                            props.put(PackageProperties.CARGO_ROOT, "true");
                        }
                        packages.add(withArchitecture(LangPackages.create(RUST, new LangPackages.Coordinates("cargo", null,
                                crate.name(), crate.version()), List.of(), location, null, props), pending.architecture()));
                    }
                } catch (WardenException e) {
                    context.warn(e.getMessage());
                } catch (EOFException e) {
                    context.warn(entry.path() + ": .dep-v0 section cut off by the end of the file");
                    return;
                } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                    context.warn(entry.path() + ": .dep-v0 section unreadable (" + e.getMessage() + ")");
                    return;
                }
            }
        }
    }

    /** {@code p} marked as found in the slice of {@code architecture} of a universal file; as it is when that is null. */
    private static Package withArchitecture(Package p, String architecture) {
        if (architecture == null) {
            return p;
        }
        return p.withProperty(PackageProperties.BINARY_ARCHITECTURES, architecture);
    }

    /**
     * One package per id: the slices of a universal file list the same modules and crates once per architecture. A
     * property the slices disagree on (the architectures, GOARCH) keeps each value, space-separated, in slice order.
     */
    static List<Package> merged(List<Package> packages) {
        Map<String, Package> byId = new LinkedHashMap<>();
        for (Package p : packages) {
            Package known = byId.get(p.id());
            if (known == null) {
                byId.put(p.id(), p);
                continue;
            }
            Map<String, String> props = new LinkedHashMap<>(known.properties());
            p.properties().forEach((key, value) -> props.merge(key, value,
                    (a, b) -> List.of(a.split(" ")).contains(b) ? a : a + " " + b));
            byId.put(p.id(), known.withProperties(props));
        }
        return List.copyOf(byId.values());
    }

    /** The packages of one Go binary: main module, each dependency, and the toolchain as {@code stdlib}. */
    static List<Package> goPackages(FileEntry entry, GoBuildInfo info) {
        GoModInfo mod = GoModInfo.parse(info.modinfo());
        Location location = new Location(entry.path(), entry.layerDiffId());
        Map<String, String> common = new LinkedHashMap<>();
        common.put(PackageProperties.GO_TOOLCHAIN, info.version());
        if (mod.settings().containsKey("GOOS")) {
            common.put(PackageProperties.GO_GOOS, mod.settings().get("GOOS"));
        }
        if (mod.settings().containsKey("GOARCH")) {
            common.put(PackageProperties.GO_GOARCH, mod.settings().get("GOARCH"));
        }
        List<Package> out = new ArrayList<>();
        String mainPath = mod.main() != null ? mod.main().effectivePath() : mod.path();
        // "go build file.go" names the program command-line-arguments: not a module or a package anyone can look up
        if (mainPath != null && !mainPath.equals(COMMAND_LINE_ARGUMENTS)) {
            Map<String, String> props = new LinkedHashMap<>(common);
            props.put(PackageProperties.GO_MAIN_MODULE, "true");
            String version = mod.main() == null ? null : mod.main().effectiveVersion();
            if ("(devel)".equals(version)) {
                props.put(PackageProperties.GO_DEVEL, "true"); // built from a checkout: no released version to match
            }
            if (mod.path() != null) {
                props.put(PackageProperties.GO_PACKAGE, mod.path());
            }
            mod.settings().forEach((k, v) -> props.put(PackageProperties.GO_BUILD_SETTING_PREFIX + k, v));
            out.add(go(mainPath, version, location, props, mod.main()));
        }
        for (GoModInfo.Module dep : mod.deps()) {
            out.add(go(dep.effectivePath(), dep.effectiveVersion(), location, new LinkedHashMap<>(common), dep));
        }
        out.add(LangPackages.create(GO, new LangPackages.Coordinates("golang", null, "stdlib", stdlibVersion(info.version())),
                List.of(), location, null, common));
        return out;
    }

    private static Package go(String path, String version, Location location, Map<String, String> props, GoModInfo.Module m) {
        if (m != null && m.replace() != null) {
            props.put(PackageProperties.GO_REPLACES, m.path() + (m.version() == null ? "" : "@" + m.version()));
            if (m.replacedByDirectory()) {
                props.put(PackageProperties.GO_REPLACED_BY_DIRECTORY, m.replace().path());
            }
        }
        GoModInfo.Module source = m == null ? null : m.replace() != null && !m.replacedByDirectory() ? m.replace() : m;
        if (source != null && source.sum() != null) {
            props.put(PackageProperties.GO_SUM, source.sum());
        }
        int slash = path.lastIndexOf('/');
        LangPackages.Coordinates c = new LangPackages.Coordinates("golang", slash < 0 ? null : path.substring(0, slash),
                path.substring(slash + 1), version);
        return LangPackages.create(GO, c, List.of(), location, null, props);
    }

    /** "go1.19.8" is stdlib 1.19.8; experiment suffixes (" X:boringcrypto") are not part of the version. */
    static String stdlibVersion(String toolchain) {
        String first = toolchain.strip().split("\\s+")[0];
        return first.startsWith("go") && first.length() > 2 ? first.substring(2) : toolchain.strip();
    }
}
