package dev.warden.catalog.os;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.CatalogLimits;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageIds;
import dev.warden.catalog.PackageSink;
import dev.warden.catalog.Purls;
import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import dev.warden.core.WardenException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian packages: the dpkg database ({@code /var/lib/dpkg/status}, or one file per package in
 * distroless {@code status.d/}), each package's file list ({@code info/PKG.list}) and its licences
 * ({@code /usr/share/doc/PKG/copyright}).
 */
public final class DpkgCataloger implements Cataloger {
    public static final String NAME = "dpkg";
    static final String STATUS = "/var/lib/dpkg/status";
    static final String STATUS_D = "/var/lib/dpkg/status.d/";
    static final String INFO = "/var/lib/dpkg/info/";
    static final String DOC = "/usr/share/doc/";
    private static final String LIST = ".list";
    private static final String MD5SUMS = ".md5sums";
    private static final Pattern SOURCE = Pattern.compile("^(\\S+)(?:\\s*\\(([^)]*)\\))?");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "2"; // Pre-Depends/Depends edges (warden:depends-on)
    }

    @Override
    public Session start(CatalogContext context) {
        return new DpkgSession(context);
    }

    /** One installed package as its database stanza describes it. */
    record Stanza(String name, String version, String architecture, String source, String status, Location location,
                  String depends, String provides) {
        String key() {
            return name + ":" + architecture;
        }
    }

    private record FileList(List<String> paths, Location location) {}

    private static final class DpkgSession implements Session {
        private final CatalogContext context;
        private final Map<String, Stanza> installed = new LinkedHashMap<>();
        private final Map<String, FileList> lists = new HashMap<>();
        private final Map<String, List<String>> licensesByCopyright = new HashMap<>();
        private final DebianCopyright copyright;

        DpkgSession(CatalogContext context) {
            this.context = context;
            this.copyright = new DebianCopyright(context.licenseNames());
        }

        @Override
        public boolean wants(FileEntry entry) {
            if (!entry.isFile()) {
                return false;
            }
            String path = entry.path();
            if (path.equals(STATUS)) {
                return true;
            }
            if (path.startsWith(STATUS_D) || path.startsWith(INFO)) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                return path.lastIndexOf('/') == (path.startsWith(INFO) ? INFO : STATUS_D).length() - 1
                        && (path.startsWith(STATUS_D) || name.endsWith(LIST));
            }
            return path.startsWith(DOC) && path.endsWith("/copyright") && path.indexOf('/', DOC.length()) == path.length() - "/copyright".length();
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            String path = entry.path();
            Location location = new Location(path, entry.layerDiffId());
            if (path.equals(STATUS)) {
                readStatus(content, location, false);
            } else if (path.startsWith(STATUS_D) && path.endsWith(MD5SUMS)) {
                String name = entry.name().substring(0, entry.name().length() - MD5SUMS.length());
                lists.put(name, new FileList(readMd5sums(content, path), location));
            } else if (path.startsWith(STATUS_D)) {
                readStatus(content, location, true);
            } else if (path.startsWith(INFO)) {
                String name = entry.name().substring(0, entry.name().length() - LIST.length());
                lists.put(name, new FileList(readList(content, path), location));
            } else {
                byte[] head = content.readNBytes(CatalogLimits.MAX_COPYRIGHT_BYTES);
                licensesByCopyright.put(path, copyright.licenses(new String(head, StandardCharsets.UTF_8)));
            }
        }

        /**
         * Reads stanzas, keeping installed ones. A broken file keeps what was read before the break.
         * Distroless status.d files carry no Status field: being there means being installed.
         */
        private void readStatus(InputStream content, Location location, boolean installedWithoutStatus) throws IOException {
            BoundedLines lines = new BoundedLines(content, location.path(), CatalogLimits.MAX_STATUS_BYTES);
            Map<String, String> fields = new HashMap<>();
            int malformed = 0;
            try {
                String line;
                while ((line = lines.next()) != null) {
                    if (line.isBlank()) {
                        addStanza(fields, location, installedWithoutStatus);
                        fields.clear();
                    } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.startsWith("#")) {
                        continue; // continuation of a multi-line field we do not need
                    } else {
                        int colon = line.indexOf(':');
                        if (colon <= 0) {
                            malformed++;
                        } else {
                            fields.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                        }
                    }
                }
                addStanza(fields, location, installedWithoutStatus);
            } catch (WardenException e) {
                context.warn(e.getMessage() + "; kept the " + installed.size() + " packages read before");
            }
            if (malformed > 0) {
                context.warn(location.path() + ": " + malformed + " malformed lines ignored");
            }
        }

        private void addStanza(Map<String, String> fields, Location location, boolean installedWithoutStatus) {
            String name = fields.get("package");
            if (name == null || name.isEmpty()) {
                return;
            }
            String status = fields.get("status");
            boolean isInstalled = status == null ? installedWithoutStatus : isInstalled(status);
            String version = fields.get("version");
            if (!isInstalled) {
                return;
            }
            if (version == null || version.isEmpty()) {
                context.warn(location.path() + ": package " + name + " has no version; skipped");
                return;
            }
            if (installed.size() >= CatalogLimits.MAX_PACKAGES_PER_DATABASE) {
                throw new WardenException(location.path() + ": more than " + CatalogLimits.MAX_PACKAGES_PER_DATABASE + " packages");
            }
            String arch = fields.getOrDefault("architecture", "");
            String depends = String.join(", ", java.util.stream.Stream.of(fields.get("pre-depends"), fields.get("depends"))
                    .filter(d -> d != null && !d.isBlank()).toList());
            Stanza stanza = new Stanza(name, version, arch, fields.get("source"), status, location, depends, fields.get("provides"));
            installed.putIfAbsent(stanza.key(), stanza);
        }

        /** "want flag status": the package's files are on disk only when the last word is "installed". */
        private static boolean isInstalled(String status) {
            String[] words = status.trim().split("\\s+");
            return words.length == 3 && words[2].equals("installed");
        }

        private static List<String> readList(InputStream content, String path) throws IOException {
            BoundedLines lines = new BoundedLines(content, path, CatalogLimits.MAX_FILE_LIST_BYTES);
            List<String> paths = new ArrayList<>();
            String line;
            while ((line = lines.next()) != null) {
                if (line.startsWith("/") && !line.equals("/.")) {
                    paths.add(line);
                }
            }
            return paths;
        }

        /** md5sums lines are "HASH  relative/path". */
        private static List<String> readMd5sums(InputStream content, String path) throws IOException {
            BoundedLines lines = new BoundedLines(content, path, CatalogLimits.MAX_FILE_LIST_BYTES);
            List<String> paths = new ArrayList<>();
            String line;
            while ((line = lines.next()) != null) {
                int space = line.indexOf("  ");
                if (space > 0 && space + 2 < line.length()) {
                    String file = line.substring(space + 2);
                    paths.add(file.startsWith("/") ? file : "/" + file);
                }
            }
            return paths;
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            Distro distro = context.distro();
            Map<Stanza, Package> packages = new LinkedHashMap<>();
            for (Stanza stanza : installed.values()) {
                try {
                    packages.put(stanza, toPackage(stanza, distro, files));
                } catch (WardenException e) {
                    context.warn(stanza.location().path() + ": " + e.getMessage());
                }
            }
            DpkgDepends depends = new DpkgDepends(packages);
            packages.forEach((stanza, pkg) -> {
                String edges = depends.of(stanza);
                Package withEdges = edges.isEmpty() ? pkg : new Package(pkg.id(), pkg.type(), pkg.namespace(), pkg.name(), pkg.version(),
                        pkg.purl(), pkg.licenses(), pkg.locations(), pkg.source(), pkg.foundBy(), pkg.parentId(),
                        Map.of(dev.warden.core.PackageProperties.DEPENDS_ON, edges));
                sink.add(withEdges, owned(stanza).paths());
            });
        }

        private FileList owned(Stanza stanza) {
            FileList list = lists.get(stanza.key());
            if (list == null) {
                list = lists.get(stanza.name());
            }
            return list == null ? new FileList(List.of(), null) : list;
        }

        private Package toPackage(Stanza stanza, Distro distro, FileSystemView files) {
            String namespace = distro == null || distro.id() == null ? "debian" : distro.id();
            Map<String, String> qualifiers = new LinkedHashMap<>();
            qualifiers.put("arch", stanza.architecture());
            qualifiers.put("distro", OsPackages.distroQualifier(distro));
            String purl = Purls.of("deb", namespace, stanza.name(), stanza.version(), qualifiers);
            List<Location> locations = new ArrayList<>();
            FileList list = owned(stanza);
            boolean ownStanzaFile = stanza.location().path().startsWith(STATUS_D);
            if (list.location() != null && !ownStanzaFile) {
                // the package's own file list was written when this version was installed: its layer
                // is the layer that installed the package, where the shared status file is not
                locations.add(list.location());
            }
            locations.add(stanza.location());
            if (list.location() != null && ownStanzaFile) {
                locations.add(list.location());
            }
            List<String> licenses = files.resolve(DOC + stanza.name() + "/copyright")
                    .map(e -> licensesByCopyright.get(e.path()))
                    .orElse(List.of());
            return new Package(PackageIds.of(NAME, purl, locations.get(0).path()), "deb", namespace, stanza.name(),
                    stanza.version(), purl, licenses == null ? List.of() : licenses, locations, source(stanza), NAME, null, Map.of());
        }

        /** "Source: glibc (2.36-9+deb12u4)", "Source: glibc", or none (the binary is its own source). */
        private static SourcePackage source(Stanza stanza) {
            if (stanza.source() == null || stanza.source().isBlank()) {
                return new SourcePackage(stanza.name(), stanza.version());
            }
            Matcher m = SOURCE.matcher(stanza.source().strip());
            if (!m.find()) {
                return new SourcePackage(stanza.name(), stanza.version());
            }
            String version = m.group(2) == null || m.group(2).isBlank() ? stanza.version() : m.group(2).strip();
            return new SourcePackage(m.group(1), version);
        }
    }
}
