package dev.warden.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Cache warnings name the cache folder {@code CACHE} in documents and its real path on stderr. The folder may be given
 * relative ({@code --cache-dir .}, {@code WARDEN_CACHE=c}): only the path is replaced, never the same letters elsewhere
 * in the warning (a file name's dot, the "c" of "catalog").
 */
class CachePartsHostFreeTest {
    @Test
    void anAbsoluteCacheFolderBecomesCache() {
        Path root = Path.of("/srv/wc");
        String warning = "catalog cache: ignoring /srv/wc/catalog-results/ab/abc.kept (checksum mismatch); the cataloger runs again";
        assertEquals("catalog cache: ignoring CACHE/catalog-results/ab/abc.kept (checksum mismatch); the cataloger runs again",
                CacheParts.hostFree(root, warning));
    }

    @Test
    void aRelativeDotFolderReplacesThePathOnly() {
        Path root = Path.of(".");
        String warning = "catalog cache: ignoring ./catalog-results/ab/abc.kept (checksum mismatch); the cataloger runs again";
        assertEquals("catalog cache: ignoring CACHE/catalog-results/ab/abc.kept (checksum mismatch); the cataloger runs again",
                CacheParts.hostFree(root, warning));
    }

    @Test
    void aOneLetterRelativeFolderLeavesWordsAlone() {
        Path root = Path.of("c");
        String warning = "layer cache: ignoring c/layers-v2/ab/cd.idx (truncated); the layer is read instead";
        String free = CacheParts.hostFree(root, warning);
        assertEquals("layer cache: ignoring CACHE/layers-v2/ab/cd.idx (truncated); the layer is read instead", free);
        // and stderr gets the folder back, since the warning still starts the way cache warnings do
        assertEquals("layer cache: ignoring " + root.toAbsolutePath().normalize() + "/layers-v2/ab/cd.idx (truncated); the layer is read instead",
                CacheParts.onHost(root, free));
    }

    @Test
    void aFolderWhoseNameStartsAnotherIsNotReplacedInsideIt() {
        Path root = Path.of("/srv/wc");
        String warning = "catalog cache: cannot keep /srv/wc/catalog-results/ab/x.kept: /srv/wc2/other is read-only";
        assertEquals("catalog cache: cannot keep CACHE/catalog-results/ab/x.kept: /srv/wc2/other is read-only", CacheParts.hostFree(root, warning));
    }
}
