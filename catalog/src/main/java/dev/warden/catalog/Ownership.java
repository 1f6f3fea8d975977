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
import java.util.Set;

/**
 * Which package installed a language package: a language package found in a file an OS package lists (a Debian
 * python3-foo's site-packages, a jar of liblog4j2-java) gets {@link PackageProperties#OWNED_BY} with that OS package's
 * purl, so that matching judges it by the distro's advisories, which follow the distro's patches. Language packages
 * that list their own files (a Python distribution's RECORD) own them next: what is found inside them (a jar or a
 * Rust extension a wheel bundles) names that package, unless an OS package owns the file; a package never owns itself.
 */
final class Ownership {
    /** Package types of OS package managers: their owned files come first. */
    private static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk", "alpm");

    private Ownership() {}

    /** Every package the runs found, in run order, language packages marked with their owner where they have one. */
    static List<Package> apply(List<CatalogerRun> runs, FileSystemView files, List<String> warnings) {
        boolean anyLanguagePackage = false;
        for (CatalogerRun r : runs) {
            for (CatalogerRun.Found found : r.found) {
                anyLanguagePackage |= !isOs(found);
            }
        }
        Map<String, String> osOwner = new HashMap<>();
        Map<String, String> languageOwner = new HashMap<>();
        PathCanonicalizer canonical = new PathCanonicalizer(files);
        int[] ownedCount = {0};
        for (boolean os : new boolean[] {true, false}) {
            for (CatalogerRun r : runs) {
                for (CatalogerRun.Found found : r.found) {
                    if (found.owned() != null && anyLanguagePackage && isOs(found) == os) {
                        record(found, os ? osOwner : languageOwner, canonical, ownedCount);
                    }
                }
            }
        }
        if (ownedCount[0] >= CatalogLimits.MAX_OWNED_PATHS) {
            warnings.add("more than " + CatalogLimits.MAX_OWNED_PATHS + " files owned by packages: ownership of the rest not recorded");
        }
        List<Package> all = new ArrayList<>();
        for (CatalogerRun r : runs) {
            for (CatalogerRun.Found found : r.found) {
                all.add(isOs(found) ? found.pkg() : withOwner(found.pkg(), osOwner, languageOwner));
            }
        }
        return all;
    }

    private static boolean isOs(CatalogerRun.Found found) {
        return found.owned() != null && OS_TYPES.contains(found.pkg().type());
    }

    private static void record(CatalogerRun.Found found, Map<String, String> ownerByPath, PathCanonicalizer canonical,
            int[] ownedCount) {
        for (String path : found.owned()) {
            if (ownedCount[0] >= CatalogLimits.MAX_OWNED_PATHS) {
                return;
            }
            if (ownerByPath.putIfAbsent(canonical.of(path), found.pkg().purl()) == null) {
                ownedCount[0]++;
            }
        }
    }

    private static Package withOwner(Package pkg, Map<String, String> osOwner, Map<String, String> languageOwner) {
        Package owned = withOwner(pkg, osOwner);
        return owned != pkg ? owned : withOwner(pkg, languageOwner);
    }

    private static Package withOwner(Package pkg, Map<String, String> ownerByPath) {
        if (ownerByPath.isEmpty() || pkg.properties().containsKey(PackageProperties.OWNED_BY)) {
            return pkg;
        }
        for (Location location : pkg.locations()) {
            String path = location.path();
            int nested = path.indexOf("!/");
            String owner = ownerByPath.get(nested < 0 ? path : path.substring(0, nested));
            if (owner != null && !owner.equals(pkg.purl())) {
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
