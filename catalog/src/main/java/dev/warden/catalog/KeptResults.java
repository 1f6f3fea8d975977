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
        List<List<FileEntry>> perFile = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            perFile.add(runs.get(i).cataloger instanceof Cataloger.PerFile && versions.get(i) != null ? new ArrayList<>() : null);
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
                boolean wanted = session.wants(e);
                if (wanted || (session instanceof Cataloger.Considering c && c.considers(e))) {
                    keys.get(i).add(e);
                }
                if (wanted && perFile.get(i) != null) {
                    perFile.get(i).add(e);
                }
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            if (versions.get(i) != null) { // code of unknown origin: its results are neither taken nor kept
                CatalogerRun r = runs.get(i);
                r.takeFromCache(cache, keys.get(i).hex(), files, warnings);
                if (r.hit == null && perFile.get(i) != null) {
                    takePerFile(r, perFile.get(i), versions.get(i), selection, cache, warnings);
                }
            }
        }
        return true;
    }

    /** Takes the per-file results kept for the layers {@code wanted} files come from (a file's fingerprint names its layer). */
    private static void takePerFile(CatalogerRun r, List<FileEntry> wanted, String version, CatalogSelection selection,
            CatalogCache cache, List<String> warnings) {
        r.perFileWanted = wanted;
        for (FileEntry e : wanted) {
            String layer = e.layerDiffId();
            if (!r.layerFilesKeys.containsKey(layer)) {
                String key = CatalogCache.layerFilesKey(r.cataloger.name(), version, selection, layer);
                r.layerFilesKeys.put(layer, key);
                r.layerFilesBefore.put(layer, cache.getLayerFiles(key, warnings::add).map(CatalogCache.LayerFiles::files).orElse(Map.of()));
            }
            CatalogCache.FileResult kept = r.layerFilesBefore.get(layer).get(CatalogCache.fingerprint(e));
            if (kept != null) {
                r.keptFiles.put(e.path(), kept);
            }
        }
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
