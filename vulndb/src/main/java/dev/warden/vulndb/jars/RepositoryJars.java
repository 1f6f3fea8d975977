package dev.warden.vulndb.jars;

import dev.warden.core.WardenException;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.core.jar.RepositoryPaths;
import dev.warden.vulndb.store.JarIndexStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The jars of a Maven repository layout on disk ({@code ~/.m2/repository}, a mirror's tree) or of Gradle's cache
 * ({@code ~/.gradle/caches/modules-2/files-2.1}): each regular {@code .jar} file whose path follows the layout
 * becomes a row, its SHA-1 computed from its bytes (the {@code .sha1} files beside it are not trusted) under the
 * coordinates of its path. Links are not followed, so nothing outside the folder is read.
 */
public final class RepositoryJars {
    /** Files visited in one folder tree: Maven Central itself holds ~70 million files; a local cache far fewer. */
    static final long MAX_FILES = 20_000_000L;
    /** How far down a layout goes: a groupId of 16 parts plus artifact, version, hash folder and file. */
    static final int MAX_DEPTH = 24;
    /** How many files {@link #looksLikeRepository} looks at before saying no. */
    static final int DETECTION_FILES = 10_000;

    private RepositoryJars() {}

    /** Whether {@code dir} holds a repository layout: a jar or pom whose path follows one, within the first files. */
    public static boolean looksLikeRepository(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Path root = root(dir);
        boolean gradle = isGradle(root);
        int[] seen = {0};
        boolean[] found = {false};
        Files.walkFileTree(root, java.util.Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if ((name.endsWith(".jar") || name.endsWith(".pom")) && coordinates(root, file, gradle).isPresent()) {
                    found[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return ++seen[0] >= DETECTION_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    /** Where the layout starts: Gradle's {@code files-2.1} when {@code dir} holds it (~/.gradle/caches/modules-2), else {@code dir}. */
    static Path root(Path dir) {
        return Files.isDirectory(dir.resolve(RepositoryPaths.GRADLE_ROOT)) ? dir.resolve(RepositoryPaths.GRADLE_ROOT) : dir;
    }

    /** Gradle's cache: the folder is {@code files-2.1}. */
    static boolean isGradle(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().equals(RepositoryPaths.GRADLE_ROOT);
    }

    /** Writes a row for every jar of the layout under {@code dir}; files off the layout are counted in one warning. */
    public static void read(Path dir, JarIndexStore.Sink sink) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new WardenException(dir + ": not a folder");
        }
        Path root = root(dir);
        boolean gradle = isGradle(root);
        long[] files = {0};
        long[] offLayout = {0};
        MessageDigest sha1 = sha1();
        byte[] buffer = new byte[64 << 10];
        Files.walkFileTree(root, java.util.Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (++files[0] > MAX_FILES) {
                    throw new WardenException(dir + ": more than " + MAX_FILES + " files; stopped (is this a repository?)");
                }
                if (!attrs.isRegularFile() || !file.getFileName().toString().endsWith(".jar")) {
                    return FileVisitResult.CONTINUE;
                }
                Optional<JarCoordinates> c = coordinates(root, file, gradle);
                if (c.isEmpty()) {
                    offLayout[0]++;
                    return FileVisitResult.CONTINUE;
                }
                sha1.reset();
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        sha1.update(buffer, 0, n);
                    }
                } catch (IOException e) {
                    sink.warn(file + ": not read (" + e.getMessage() + ")");
                    return FileVisitResult.CONTINUE;
                }
                sink.add(HexFormat.of().formatHex(sha1.digest()), c.get());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                sink.warn(file + ": not read (" + e.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
        if (offLayout[0] > 0) {
            sink.warn(offLayout[0] + " jar(s) whose path does not follow the " + (gradle ? "Gradle cache" : "Maven repository")
                    + " layout (ARTIFACT/VERSION/ARTIFACT-VERSION.jar): not indexed");
        }
    }

    private static Optional<JarCoordinates> coordinates(Path root, Path file, boolean gradle) {
        String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        return gradle ? RepositoryPaths.gradle(relative) : RepositoryPaths.maven(relative);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
