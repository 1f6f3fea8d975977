package dev.warden.catalog.testing;

import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A fixture folder seen as an image's filesystem: the folder is the root, so {@code fixture/app/Gemfile.lock} is
 * {@code /app/Gemfile.lock}, as a cataloger meets it in an image. Links are listed, never followed.
 */
final class FixtureTree implements FileSystemView {
    private final Path root;
    private final List<FileEntry> entries;

    private FixtureTree(Path root, List<FileEntry> entries) {
        this.root = root;
        this.entries = entries;
    }

    static FixtureTree of(Path root) {
        List<FileEntry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> entries.add(entry(root, p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        return new FixtureTree(root, List.copyOf(entries));
    }

    private static FileEntry entry(Path root, Path p) {
        return HostEntry.of(p, "/" + root.relativize(p).toString().replace('\\', '/'));
    }

    @Override
    public List<FileEntry> entries() {
        return entries;
    }

    @Override
    public Optional<FileEntry> entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    @Override
    public Optional<FileEntry> resolve(String path) {
        return entry(path);
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
        for (FileEntry e : entries) {
            if (e.isFile() && wanted.test(e)) {
                try (InputStream in = Files.newInputStream(root.resolve(e.path().substring(1)))) {
                    visitor.visit(e, in);
                }
            }
        }
    }
}
