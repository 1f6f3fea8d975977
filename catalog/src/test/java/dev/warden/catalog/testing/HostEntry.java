package dev.warden.catalog.testing;

import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** A file of this machine described as an image's file entry (kind, size, mode bits, link target), links not followed. */
public final class HostEntry {
    private HostEntry() {
    }

    /** {@code file} as the entry named {@code entryPath}. */
    public static FileEntry of(Path file, String entryPath) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission perm : a.permissions()) {
                mode |= 1 << (8 - perm.ordinal());
            }
            FileEntry.Kind kind = a.isRegularFile() ? FileEntry.Kind.FILE : a.isDirectory() ? FileEntry.Kind.DIRECTORY
                    : a.isSymbolicLink() ? FileEntry.Kind.SYMLINK : FileEntry.Kind.OTHER;
            String target = a.isSymbolicLink() ? Files.readSymbolicLink(file).toString() : null;
            return new FileEntry(entryPath, kind, a.isRegularFile() ? a.size() : 0, mode, target, "", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
