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
import dev.warden.core.PackageProperties;
import dev.warden.core.SourcePackage;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alpine (and Wolfi) packages from apk's database {@code /lib/apk/db/installed}: one block of
 * "K:value" lines per package (P name, V version, o origin, A arch, L licence, c commit, F folder
 * and R file of the files it owns), blocks separated by blank lines.
 */
public final class ApkCataloger implements Cataloger {
    public static final String NAME = "apk";
    static final String INSTALLED = "/lib/apk/db/installed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Session start(CatalogContext context) {
        return new ApkSession(context);
    }

    /** One package block. */
    record Record(String name, String version, String origin, String arch, String license, String commit, List<String> files) {}

    /** Parses a whole database; a broken one keeps the packages before the break and warns. */
    static List<Record> parse(InputStream content, String path, CatalogContext context) throws IOException {
        BoundedLines lines = new BoundedLines(content, path, CatalogLimits.MAX_STATUS_BYTES);
        List<Record> records = new ArrayList<>();
        Builder current = new Builder();
        long files = 0;
        try {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isEmpty()) {
                    current.addTo(records, path, context);
                    current = new Builder();
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != ':') {
                    continue; // not a "K:value" line; apk itself skips what it does not know
                }
                String value = line.substring(2);
                switch (line.charAt(0)) {
                    case 'P' -> current.name = value;
                    case 'V' -> current.version = value;
                    case 'o' -> current.origin = value;
                    case 'A' -> current.arch = value;
                    case 'L' -> current.license = value;
                    case 'c' -> current.commit = value;
                    case 'F' -> current.folder = value;
                    case 'R' -> {
                        if (++files > CatalogLimits.MAX_OWNED_PATHS) {
                            throw new WardenException(path + ": more than " + CatalogLimits.MAX_OWNED_PATHS + " files listed");
                        }
                        current.files.add("/" + (current.folder == null || current.folder.isEmpty() ? "" : current.folder + "/") + value);
                    }
                    default -> { }
                }
                if (records.size() >= CatalogLimits.MAX_PACKAGES_PER_DATABASE) {
                    throw new WardenException(path + ": more than " + CatalogLimits.MAX_PACKAGES_PER_DATABASE + " packages");
                }
            }
            current.addTo(records, path, context);
        } catch (WardenException e) {
            context.warn(e.getMessage() + "; kept the " + records.size() + " packages read before");
        }
        return records;
    }

    private static final class Builder {
        String name;
        String version;
        String origin;
        String arch;
        String license;
        String commit;
        String folder;
        final List<String> files = new ArrayList<>();

        void addTo(List<Record> records, String path, CatalogContext context) {
            if (name == null && version == null) {
                return;
            }
            if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
                context.warn(path + ": package block without name or version (P:" + name + " V:" + version + "); skipped");
                return;
            }
            records.add(new Record(name, version, origin, arch, license, commit, List.copyOf(files)));
        }
    }

    private static final class ApkSession implements Session {
        private final CatalogContext context;
        private final List<Record> records = new ArrayList<>();
        private Location database;

        ApkSession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            return entry.isFile() && entry.path().equals(INSTALLED);
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            database = new Location(entry.path(), entry.layerDiffId());
            records.addAll(parse(content, entry.path(), context));
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            Distro distro = context.distro();
            String namespace = distro == null || distro.id() == null ? "alpine" : distro.id();
            for (Record r : records) {
                try {
                    Map<String, String> qualifiers = new LinkedHashMap<>();
                    qualifiers.put("arch", r.arch());
                    qualifiers.put("distro", distro == null ? null : distro.versionId());
                    String purl = Purls.of("apk", namespace, r.name(), r.version(), qualifiers);
                    List<Location> locations = new ArrayList<>();
                    OsPackages.earliestOwnedFile(r.files(), files).ifPresent(locations::add);
                    locations.add(database);
                    Map<String, String> properties = r.commit() == null ? Map.of() : Map.of(PackageProperties.APK_COMMIT, r.commit());
                    SourcePackage source = new SourcePackage(r.origin() == null || r.origin().isEmpty() ? r.name() : r.origin(), r.version());
                    sink.add(new Package(PackageIds.of(NAME, purl, database.path()), "apk", namespace, r.name(), r.version(), purl,
                            context.licenseNames().fromField(r.license()), locations, source, NAME, null, properties), r.files());
                } catch (WardenException e) {
                    context.warn(database.path() + ": " + e.getMessage());
                }
            }
        }
    }
}
