package dev.warden.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The sorted entries of a final filesystem and symlink resolution over them, shared by every
 * {@link FileSystemView}. Resolution works like a chroot for absolute link targets (they start at
 * the image root) but refuses relative targets that climb above the root: such a link points
 * outside the image, and following it would mean reading something the image does not contain.
 */
final class FileIndex {
    private final NavigableMap<String, FileEntry> byPath;
    private final int maxSymlinkHops;
    private List<FileEntry> sorted;

    FileIndex(NavigableMap<String, FileEntry> byPath, int maxSymlinkHops) {
        this.byPath = byPath;
        this.maxSymlinkHops = maxSymlinkHops;
    }

    /** Call only once the map is complete: the list is made on first use and kept. */
    synchronized List<FileEntry> entries() {
        if (sorted == null) {
            sorted = Collections.unmodifiableList(new ArrayList<>(byPath.values()));
        }
        return sorted;
    }

    Optional<FileEntry> entry(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    Optional<FileEntry> resolve(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        // Components still to walk, last element first so that link targets can be pushed in front.
        ArrayList<String> pending = new ArrayList<>();
        pushComponents(pending, path);
        ArrayList<String> current = new ArrayList<>(); // components of the directory reached so far
        int hops = 0;
        FileEntry reached = byPath.get("/");
        while (!pending.isEmpty()) {
            String name = pending.removeLast();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (current.isEmpty()) {
                    return Optional.empty(); // climbs out of the image root
                }
                current.removeLast();
                reached = byPath.get(join(current));
                continue;
            }
            if (reached != null && reached.kind() != FileEntry.Kind.DIRECTORY) {
                return Optional.empty(); // a path element below something that is not a directory
            }
            current.add(name);
            String candidatePath = join(current);
            FileEntry candidate = byPath.get(candidatePath);
            if (candidate == null) {
                return Optional.empty();
            }
            if (candidate.kind() == FileEntry.Kind.SYMLINK) {
                if (++hops > maxSymlinkHops) {
                    return Optional.empty(); // a loop, or a chain longer than the kernel would follow
                }
                current.removeLast();
                String target = candidate.linkTarget() == null ? "" : candidate.linkTarget();
                if (target.startsWith("/")) {
                    current.clear();
                }
                pushComponents(pending, target);
                reached = byPath.get(join(current));
                continue;
            }
            reached = candidate;
        }
        return Optional.ofNullable(reached);
    }

    private static void pushComponents(ArrayList<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.add(parts[i]);
        }
    }

    private static String join(List<String> components) {
        if (components.isEmpty()) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        for (String c : components) {
            b.append('/').append(c);
        }
        return b.toString();
    }
}
