package dev.warden.catalog;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A catalog run's own folder for files too large to hold in memory; removed with all it holds when the run ends. */
final class ScratchFolder implements AutoCloseable {
    /** A scratch folder's name starts so; one left by a killed run is found by it ({@code warden cache clean}). */
    static final String PREFIX = "warden-catalog-";

    private final Path dir;

    private ScratchFolder(Path dir) {
        this.dir = dir;
    }

    static ScratchFolder under(Path parent) throws IOException {
        Files.createDirectories(parent);
        return new ScratchFolder(Files.createTempDirectory(parent, PREFIX));
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
