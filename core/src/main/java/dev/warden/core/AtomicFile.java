package dev.warden.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a command's output file next to the target and renames it, so a failed run never leaves half a file behind.
 * A target that exists and is not a regular file ({@code /dev/null}, {@code /dev/stdout}, a FIFO) is written in place:
 * renaming over it would replace the device with a file. A symbolic link is written through, not replaced.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Tries for a free temporary name beside the target; more collisions than this mean something else is wrong. */
    private static final int MAX_NAME_ATTEMPTS = 100;

    /**
     * A new empty file beside {@code target}, created with the default permissions, which the process's umask trims
     * (0644 under the usual 022), as every peer's output files are: {@code Files.createTempFile} would make it 0600,
     * unreadable to the CI job's next step running as another user. An existing target keeps its own permissions.
     */
    private static Path newSibling(Path target) throws IOException {
        java.util.random.RandomGenerator random = new java.util.SplittableRandom();
        for (int i = 0; ; i++) {
            Path candidate = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(random.nextLong() >>> 1) + ".tmp");
            try {
                Path created = Files.createFile(candidate);
                if (Files.isRegularFile(target) && Files.getFileStore(created).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(created, Files.getPosixFilePermissions(target));
                }
                return created;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (i >= MAX_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Fails now, naming {@code file}, when it could not be written later: its folder is missing or not writable, or it
     * is a folder itself. Commands call this before their long work, so a typo in {@code -o} costs no minute of analysis.
     */
    public static void checkWritable(Path file) {
        if (file == null) {
            return;
        }
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new WardenException("cannot write " + file + ": it is a directory");
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            if (!Files.isWritable(absolute)) {
                throw new WardenException("cannot write " + file + ": permission denied");
            }
            return; // a device or a pipe, written in place
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new WardenException("cannot write " + file + ": no such directory " + parent);
        }
        if (!Files.isWritable(parent)) {
            throw new WardenException("cannot write " + file + ": permission denied in " + parent);
        }
    }

    /** @throws WardenException (exit 2) naming {@code file} when it cannot be written */
    public static void write(Path file, Body body) {
        Path absolute = file.toAbsolutePath();
        Path tmp = null;
        try {
            if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
                try (OutputStream out = Files.newOutputStream(absolute)) {
                    body.writeTo(out);
                }
                return;
            }
            if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) {
                absolute = absolute.toRealPath();
            }
            tmp = newSibling(absolute);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new WardenException("cannot write " + file + ": no such directory " + absolute.getParent(), e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new WardenException("cannot write " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new WardenException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }
}
