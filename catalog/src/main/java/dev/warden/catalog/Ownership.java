package dev.warden.catalog;

import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which OS package installed a language package: a language package found in a file an OS package lists (a Debian
 * python3-foo's site-packages, a jar of liblog4j2-java) gets {@link PackageProperties#OWNED_BY} with that OS package's
 * purl, so that matching judges it by the distro's advisories, which follow the distro's patches.
 */
final class Ownership {
    private Ownership() {}

    /** Every package the runs found, in run order, language packages marked with their owner where they have one. */
    static List<Package> apply(List<CatalogerRun> runs, FileSystemView files, List<String> warnings) {
        boolean anyLanguagePackage = false;
        for (CatalogerRun r : runs) {
            for (CatalogerRun.Found found : r.found) {
                anyLanguagePackage |= found.owned() == null;
            }
        }
        Map<String, String> ownerByPath = new HashMap<>();
        PathCanonicalizer canonical = new PathCanonicalizer(files);
        int ownedCount = 0;
        for (CatalogerRun r : runs) {
            for (CatalogerRun.Found found : r.found) {
                if (found.owned() != null && anyLanguagePackage) {
                    for (String path : found.owned()) {
                        if (ownedCount >= CatalogLimits.MAX_OWNED_PATHS) {
                            break;
                        }
                        if (ownerByPath.putIfAbsent(canonical.of(path), found.pkg().purl()) == null) {
                            ownedCount++;
                        }
                    }
                }
            }
        }
        if (ownedCount >= CatalogLimits.MAX_OWNED_PATHS) {
            warnings.add("more than " + CatalogLimits.MAX_OWNED_PATHS + " files owned by OS packages: ownership of the rest not recorded");
        }
        List<Package> all = new ArrayList<>();
        for (CatalogerRun r : runs) {
            for (CatalogerRun.Found found : r.found) {
                all.add(found.owned() == null ? withOwner(found.pkg(), ownerByPath) : found.pkg());
            }
        }
        return all;
    }

    private static Package withOwner(Package pkg, Map<String, String> ownerByPath) {
        if (ownerByPath.isEmpty() || pkg.properties().containsKey(PackageProperties.OWNED_BY)) {
            return pkg;
        }
        for (Location location : pkg.locations()) {
            String path = location.path();
            int nested = path.indexOf("!/");
            String owner = ownerByPath.get(nested < 0 ? path : path.substring(0, nested));
            if (owner != null) {
                return pkg.withProperty(PackageProperties.OWNED_BY, owner);
            }
        }
        return pkg;
    }

    /**
     * Package databases name files by the path the package ships them under ("/lib/x/libc.so.6");
     * in a merged-/usr image the file sits at "/usr/lib/x/libc.so.6". Resolving the folder inside
     * the image gives the path a language cataloger sees.
     */
    private static final class PathCanonicalizer {
        private final FileSystemView files;
        private final Map<String, String> folders = new HashMap<>();

        PathCanonicalizer(FileSystemView files) {
            this.files = files;
        }

        String of(String path) {
            int slash = path.lastIndexOf('/');
            if (slash <= 0) {
                return path;
            }
            String folder = folders.computeIfAbsent(path.substring(0, slash),
                    f -> files.resolve(f).map(FileEntry::path).orElse(f));
            return folder + path.substring(slash);
        }
    }
}
