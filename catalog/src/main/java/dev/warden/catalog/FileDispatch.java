package dev.warden.catalog;

import dev.warden.image.FileEntry;
import dev.warden.image.LocalFileContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * Gives one file of the layer pass to every cataloger that reads it. The layer stream is read once: a file one
 * cataloger wants is handed over as it streams; a file several want is copied first (in memory up to
 * {@link CatalogLimits#MAX_SHARED_BUFFER_BYTES}, else to the run's scratch folder) so each reads it from the start.
 */
final class FileDispatch {
    private final List<CatalogerRun> runs;
    private final Path scratch;

    FileDispatch(List<CatalogerRun> runs, Path scratch) {
        this.runs = runs;
        this.scratch = scratch;
    }

    void give(FileEntry entry, InputStream content) throws IOException {
        List<CatalogerRun> takers = runs.stream().filter(r -> r.reads(entry)).toList();
        if (takers.size() == 1) {
            // the layer stream goes on after this file; a local file stays open for its source to close, and unwrapped
            // it offers random access (LocalFileContent)
            takers.get(0).accept(entry, content instanceof LocalFileContent ? content : CloseShieldInputStream.wrap(content));
            return;
        }
        if (takers.isEmpty()) {
            return;
        }
        if (entry.size() <= CatalogLimits.MAX_SHARED_BUFFER_BYTES) {
            byte[] bytes = content.readNBytes(CatalogLimits.MAX_SHARED_BUFFER_BYTES + 1);
            for (CatalogerRun r : takers) {
                r.accept(entry, new ByteArrayInputStream(bytes));
            }
        } else {
            Path copy = Files.createTempFile(scratch, "shared-", ".bin");
            try {
                Files.copy(content, copy, StandardCopyOption.REPLACE_EXISTING);
                for (CatalogerRun r : takers) {
                    try (InputStream in = Files.newInputStream(copy)) {
                        r.accept(entry, in);
                    }
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }
}
