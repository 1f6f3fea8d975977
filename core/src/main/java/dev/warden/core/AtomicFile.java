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
            tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
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
