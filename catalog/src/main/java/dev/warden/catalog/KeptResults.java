package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue cache's side of a run ({@link CatalogCache} says why a kept result is exact): before the layer pass,
 * each cataloger's inputs are keyed and a kept result taken where its recorded look-ups still hold; after the
 * catalogers finish, each result made now is kept, unless it asked the jar index (which changes with the advisory
 * store).
 */
final class KeptResults {
    private KeptResults() {}

    /**
     * Keys every cataloger's inputs in one walk over the index and takes what the cache kept for each key. False, with
     * nothing taken, when the files cannot be keyed: a root filesystem (fs://) has no diff_id naming a file's content,
     * and a look-up's answer cannot stand for a read made while finishing.
     */
    static boolean take(List<CatalogerRun> runs, FileSystemView files, CatalogSelection selection, CatalogCache cache,
            List<String> warnings) {
        List<CatalogCache.Key> keys = new ArrayList<>();
        Map<Path, String> codeVersions = new HashMap<>();
        List<String> versions = new ArrayList<>();
        for (CatalogerRun r : runs) {
            String version = CatalogerVersions.of(r.cataloger, codeVersions);
            versions.add(version);
            keys.add(new CatalogCache.Key(r.cataloger.name(), version == null ? "" : version, selection));
        }
        for (FileEntry e : files.entries()) {
            if (!e.isFile()) {
                continue;
            }
            if (!CatalogCache.keyable(e)) {
                return false;
            }
            for (int i = 0; i < runs.size(); i++) {
                Cataloger.Session session = runs.get(i).session;
                if (session.wants(e) || (session instanceof Cataloger.Considering c && c.considers(e))) {
                    keys.get(i).add(e);
                }
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            if (versions.get(i) != null) { // code of unknown origin: its results are neither taken nor kept
                runs.get(i).takeFromCache(cache, keys.get(i).hex(), files, warnings);
            }
        }
        return true;
    }

    /** Keeps each result made in this run (the runs that used a kept one have nothing new). */
    static void keep(List<CatalogerRun> runs, CatalogCache cache, Distro distro, List<String> warnings) {
        for (CatalogerRun r : runs) {
            if (r.hit == null && r.key != null && !r.askedJarIndex) {
                r.keep(cache, distro, warnings);
            }
        }
    }
}
