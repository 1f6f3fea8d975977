package dev.warden.catalog;

import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An image's index that notes every file whose content is read; with {@code mayRead} false a file's content delivered
 * is an error: proves a run took everything from the catalogue cache.
 */
public record RecordedReads(FileSystemView files, List<FileEntry> read, boolean mayRead) implements FileSystemView {
    @Override
    public List<FileEntry> entries() {
        return files.entries();
    }

    @Override
    public Optional<FileEntry> entry(String path) {
        return files.entry(path);
    }

    @Override
    public Optional<FileEntry> resolve(String path) {
        return files.resolve(path);
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
        files.read(wanted, (entry, content) -> {
            if (!mayRead) {
                throw new AssertionError(entry.path() + " was read although every result should have come from the cache");
            }
            synchronized (read) {
                read.add(entry);
            }
            visitor.visit(entry, content);
        });
    }
}
