package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
     *
     * <p>The walk asks every cataloger about every file (tens of thousands of calls, most of a fully cached run's time in
     * a fresh JVM): its keys are therefore kept per image ({@link CatalogCache.ImageKeys}, under the layers' diff_ids,
     * {@code files} being the final filesystem of those layers) and an image analysed before takes them from there; a
     * walk is then made only for the per-file catalogers whose whole result is not kept, and only with them.
     */
    static boolean take(List<CatalogerRun> runs, FileSystemView files, List<String> layerDiffIds, CatalogSelection selection,
            CatalogCache cache, List<String> warnings) {
        Map<Path, String> codeVersions = new HashMap<>();
        List<String> versions = new ArrayList<>();
        Map<String, String> known = new LinkedHashMap<>();
        for (CatalogerRun r : runs) {
            String version = CatalogerVersions.of(r.cataloger, codeVersions);
            versions.add(version);
            if (version != null) {
                known.put(r.cataloger.name(), version);
            }
        }
        boolean layered = !layerDiffIds.isEmpty() && layerDiffIds.stream().allMatch(d -> d != null && d.startsWith("sha256:"));
        String imageKey = layered ? CatalogCache.imageKeysKey(layerDiffIds, known, selection) : null;
        Map<String, String> kept = imageKey == null ? null
                : cache.getImageKeys(imageKey, warnings::add).map(CatalogCache.ImageKeys::keys).orElse(null);
        if (kept != null && kept.keySet().containsAll(known.keySet())) {
            List<Integer> perFileMissed = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                CatalogerRun r = runs.get(i);
                if (versions.get(i) != null) {
                    r.takeFromCache(cache, kept.get(r.cataloger.name()), files, warnings);
                    if (r.hit == null && keptPerFile(r)) {
                        perFileMissed.add(i);
                    }
                }
            }
            if (!perFileMissed.isEmpty()) {
                Map<Integer, List<FileEntry>> wanted = new HashMap<>();
                perFileMissed.forEach(i -> wanted.put(i, new ArrayList<>()));
                for (FileEntry e : files.entries()) {
                    if (e.isFile()) {
                        wanted.forEach((i, list) -> {
                            if (runs.get(i).session.wants(e)) {
                                list.add(e);
                            }
                        });
                    }
                }
                wanted.forEach((i, list) -> takePerFile(runs.get(i), list, versions.get(i), selection, cache, warnings));
            }
            return true;
        }
        List<CatalogCache.Key> keys = new ArrayList<>();
        List<List<FileEntry>> perFile = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            CatalogerRun r = runs.get(i);
            keys.add(new CatalogCache.Key(r.cataloger.name(), versions.get(i) == null ? "" : versions.get(i), selection));
            perFile.add(keptPerFile(r) && versions.get(i) != null ? new ArrayList<>() : null);
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
        Map<String, String> made = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            if (versions.get(i) != null) { // code of unknown origin: its results are neither taken nor kept
                CatalogerRun r = runs.get(i);
                String key = keys.get(i).hex();
                made.put(r.cataloger.name(), key);
                r.takeFromCache(cache, key, files, warnings);
                if (r.hit == null && perFile.get(i) != null) {
                    takePerFile(r, perFile.get(i), versions.get(i), selection, cache, warnings);
                }
            }
        }
        if (imageKey != null) {
            cache.putImageKeys(new CatalogCache.ImageKeys(CatalogCache.FORMAT, imageKey, made), warnings::add);
        }
        return true;
    }

    /** Whether the cataloger's results are also kept per file (results or parses). */
    private static boolean keptPerFile(CatalogerRun r) {
        return r.cataloger instanceof Cataloger.PerFile || r.session instanceof Cataloger.KeptParses;
    }

    /**
     * Takes the per-file results (or, for a {@link Cataloger.KeptParses} session, the parses) kept for the layers
     * {@code wanted} files come from (a file's fingerprint names its layer).
     */
    private static void takePerFile(CatalogerRun r, List<FileEntry> wanted, String version, CatalogSelection selection,
            CatalogCache cache, List<String> warnings) {
        if (r.session instanceof Cataloger.KeptParses keeping) {
            takeParses(r, keeping, wanted, version, selection, cache, warnings);
            return;
        }
        r.perFileWanted = wanted;
        takePerLayer(wanted, r.layerFilesKeys, r.layerFilesBefore,
                layer -> CatalogCache.layerFilesKey(r.cataloger.name(), version, selection, layer),
                key -> cache.getLayerFiles(key, warnings::add).map(CatalogCache.LayerFiles::files),
                (e, kept) -> r.keptFiles.put(e.path(), kept));
    }

    /**
     * Gives a {@link Cataloger.KeptParses} session back the parses kept for the layers {@code wanted} files come from (a
     * file's fingerprint names its layer): those files are not read; the session finishes over all of them.
     */
    private static void takeParses(CatalogerRun r, Cataloger.KeptParses session, List<FileEntry> wanted, String version,
            CatalogSelection selection, CatalogCache cache, List<String> warnings) {
        r.parsesWanted = wanted;
        takePerLayer(wanted, r.layerParsesKeys, r.layerParsesBefore,
                layer -> CatalogCache.layerParsesKey(r.cataloger.name(), version, selection, layer),
                key -> cache.getLayerParses(key, warnings::add).map(CatalogCache.LayerParses::files),
                (e, kept) -> {
                    session.restore(e, kept);
                    r.restored.add(e.path());
                });
    }

    /**
     * For each wanted file, what its layer's entry ({@code load}, once per layer, its key noted in {@code keys} and what
     * it held in {@code before}) kept under the file's fingerprint, handed to {@code found}.
     */
    private static <T> void takePerLayer(List<FileEntry> wanted, Map<String, String> keys, Map<String, Map<String, T>> before,
            Function<String, String> keyOf, Function<String, Optional<Map<String, T>>> load, BiConsumer<FileEntry, T> found) {
        for (FileEntry e : wanted) {
            String layer = e.layerDiffId();
            if (!keys.containsKey(layer)) {
                String key = keyOf.apply(layer);
                keys.put(layer, key);
                before.put(layer, load.apply(key).orElse(Map.of()));
            }
            T kept = before.get(layer).get(CatalogCache.fingerprint(e));
            if (kept != null) {
                found.accept(e, kept);
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
