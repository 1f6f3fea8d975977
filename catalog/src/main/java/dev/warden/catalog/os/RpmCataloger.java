package dev.warden.catalog.os;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.CatalogLimits;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageIds;
import dev.warden.catalog.PackageSink;
import dev.warden.catalog.Purls;
import dev.warden.catalog.os.rpm.BerkeleyDbHash;
import dev.warden.catalog.os.rpm.HeaderBlobs;
import dev.warden.catalog.os.rpm.NdbRpmDb;
import dev.warden.catalog.os.rpm.RpmHeader;
import dev.warden.catalog.os.rpm.SqliteRpmDb;
import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.SourcePackage;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Red Hat, Fedora and SUSE packages from the rpm database, read without running rpm: the sqlite
 * database ({@code rpmdb.sqlite}), the Berkeley DB hash file ({@code Packages}) or ndb
 * ({@code Packages.db}). Each database is copied to the run's scratch folder first (sqlite needs
 * a file; the others are read by page) and removed when done.
 */
public final class RpmCataloger implements Cataloger {
    public static final String NAME = "rpm";
    static final List<String> FOLDERS = List.of("/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/usr/share/rpm/");
    static final String SQLITE = "rpmdb.sqlite";
    static final String SQLITE_WAL = "rpmdb.sqlite-wal";
    static final String BDB = "Packages";
    static final String NDB = "Packages.db";

    /** Keys seen in the distro's os-release ID and the purl namespace the distro publishes under. */
    private static final Map<String, String> NAMESPACES = Map.of(
            "rhel", "redhat", "ol", "oracle", "amzn", "amazon", "sles", "suse", "sled", "suse",
            "opensuse-leap", "opensuse", "opensuse-tumbleweed", "opensuse");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Session start(CatalogContext context) {
        return new RpmSession(context);
    }

    /** The purl namespace for a distro: its os-release id, with the vendors' own names where they differ. */
    static String namespace(Distro distro) {
        if (distro == null || distro.id() == null) {
            return null;
        }
        return NAMESPACES.getOrDefault(distro.id(), distro.id());
    }

    private record Database(String kind, String path, Location location, Path copy) {}

    private static final class RpmSession implements Session {
        private final CatalogContext context;
        /** Databases by original path; sorted so the order of reading never depends on layer order. */
        private final Map<String, Database> databases = new TreeMap<>();
        private Path scratch;

        RpmSession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            if (!entry.isFile()) {
                return false;
            }
            String path = entry.path();
            int slash = path.lastIndexOf('/');
            String name = path.substring(slash + 1);
            return FOLDERS.contains(path.substring(0, slash + 1))
                    && (name.equals(SQLITE) || name.equals(SQLITE_WAL) || name.equals(BDB) || name.equals(NDB));
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            if (entry.size() > CatalogLimits.MAX_RPMDB_BYTES) {
                context.warn(entry.path() + ": " + entry.size() + " bytes, over the " + CatalogLimits.MAX_RPMDB_BYTES + "-byte limit for rpm databases; skipped");
                return;
            }
            if (scratch == null) {
                scratch = Files.createTempDirectory(Files.createDirectories(context.scratchDir()), "rpm-");
            }
            // one folder per database folder, so a sqlite database finds its write-ahead log beside it
            String folder = entry.path().substring(0, entry.path().lastIndexOf('/'));
            Path dir = Files.createDirectories(scratch.resolve(Integer.toString(FOLDERS.indexOf(folder + "/"))));
            Path copy = dir.resolve(entry.name());
            try (OutputStream out = Files.newOutputStream(copy)) {
                long copied = content.transferTo(out);
                if (copied > CatalogLimits.MAX_RPMDB_BYTES) {
                    throw new WardenException(entry.path() + ": over the " + CatalogLimits.MAX_RPMDB_BYTES + "-byte limit for rpm databases");
                }
            }
            String kind = entry.name().equals(SQLITE) ? SQLITE : entry.name().equals(BDB) ? BDB : entry.name().equals(NDB) ? NDB : null;
            if (kind != null) {
                databases.put(entry.path(), new Database(kind, entry.path(), new Location(entry.path(), entry.layerDiffId()), copy));
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) throws IOException {
            try {
                Set<String> seen = new HashSet<>();
                for (Database db : databases.values()) {
                    List<RpmHeader> headers = new ArrayList<>();
                    try {
                        read(db, (where, blob) -> {
                            try {
                                headers.add(RpmHeader.parse(blob, where));
                            } catch (WardenException e) {
                                context.warn(e.getMessage() + "; skipped");
                            }
                            if (headers.size() > CatalogLimits.MAX_PACKAGES_PER_DATABASE) {
                                throw new WardenException(db.path() + ": more than " + CatalogLimits.MAX_PACKAGES_PER_DATABASE + " packages");
                            }
                        });
                    } catch (WardenException e) {
                        context.warn(e.getMessage() + "; kept the " + headers.size() + " packages read before");
                    }
                    for (RpmHeader header : headers) {
                        // gpg-pubkey entries are imported signing keys, not software
                        if (!header.name().equals("gpg-pubkey") && seen.add(header.name() + " " + header.evr() + " " + header.arch())) {
                            add(header, db, files, sink);
                        }
                    }
                }
            } finally {
                deleteScratch();
            }
        }

        private static void read(Database db, HeaderBlobs blobs) throws IOException {
            switch (db.kind()) {
                case SQLITE -> SqliteRpmDb.read(db.copy(), db.path(), blobs);
                case NDB -> NdbRpmDb.read(db.copy(), db.path(), blobs);
                default -> BerkeleyDbHash.read(db.copy(), db.path(), (key, value) -> {
                    // rpm keeps a 4-byte counter under key 0 beside the headers
                    if (value.length >= 8 && !isZero(key)) {
                        blobs.blob(db.path() + " record " + describe(key), value);
                    }
                });
            }
        }

        private void add(RpmHeader header, Database db, FileSystemView files, PackageSink sink) {
            try {
                Distro distro = context.distro();
                String namespace = namespace(distro);
                Map<String, String> qualifiers = new LinkedHashMap<>();
                qualifiers.put("arch", header.arch());
                qualifiers.put("epoch", header.epoch() == null || header.epoch() == 0 ? null : header.epoch().toString());
                qualifiers.put("distro", OsPackages.distroQualifier(distro));
                String purl = Purls.of("rpm", namespace, header.name(), header.version() + "-" + header.release(), qualifiers);
                List<Location> locations = new ArrayList<>();
                OsPackages.earliestOwnedFile(header.files(), files).ifPresent(locations::add);
                locations.add(db.location());
                SourcePackage source = header.sourceName() == null ? null : new SourcePackage(header.sourceName(), header.sourceEvr());
                Map<String, String> properties = new LinkedHashMap<>();
                if (header.sourceRpm() != null) {
                    properties.put(PackageProperties.RPM_SOURCERPM, header.sourceRpm());
                }
                if (header.vendor() != null) {
                    properties.put(PackageProperties.RPM_VENDOR, header.vendor());
                }
                List<String> licenses = header.license() == null ? List.of() : context.licenseNames().fromField(header.license());
                sink.add(new Package(PackageIds.of(NAME, purl, db.path()), "rpm", namespace, header.name(), header.evr(), purl,
                        licenses, locations, source, NAME, null, properties), header.files());
            } catch (WardenException e) {
                context.warn(db.path() + ": " + e.getMessage());
            }
        }

        private static boolean isZero(byte[] key) {
            for (byte b : key) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String describe(byte[] key) {
            if (key.length == 4) {
                // header numbers are stored in the writer's byte order; x86 writes little-endian
                return Integer.toUnsignedString((key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24);
            }
            return java.util.HexFormat.of().formatHex(key);
        }

        private void deleteScratch() throws IOException {
            if (scratch == null) {
                return;
            }
            try (var walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            scratch = null;
        }
    }
}
