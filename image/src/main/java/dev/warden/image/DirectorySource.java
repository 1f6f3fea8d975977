package dev.warden.image;

import dev.warden.core.ImageInfo;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code fs://PATH}: a root filesystem directory seen as an image. The walk never follows links
 * (symlinks are entries, resolved inside the root by {@link FileIndex}), skips sockets, devices and
 * fifos, and skips the kernel's pseudo filesystems when the root is the machine's own "/".
 */
final class DirectorySource implements ImageSource {
    /** Pseudo filesystems of a running machine: endless or volatile files, nothing an image holds. */
    static final Set<String> SKIPPED_WHEN_HOST_ROOT = Set.of("/proc", "/sys", "/dev");

    /** st_mode layout (POSIX): the file type field and the permission bits, setuid/setgid/sticky included. */
    private static final int FILE_TYPE_BITS = 0170000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int REGULAR_TYPE = 0100000;
    private static final int SYMLINK_TYPE = 0120000;
    private static final int PERMISSION_BITS = 07777;

    private final Path root;
    private final String reference;
    private final SourceOptions options;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private View view;

    private DirectorySource(Path root, String reference, SourceOptions options) {
        this.root = root;
        this.reference = reference;
        this.options = options;
    }

    static DirectorySource open(String path, String reference, SourceOptions options) throws IOException {
        Path root = Path.of(path.isEmpty() ? "." : path);
        if (!Files.isDirectory(root)) {
            throw SourcePaths.wrongKind(reference, root, "a directory");
        }
        return new DirectorySource(root.toRealPath(), reference, options);
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(reference, null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
    }

    @Override
    public synchronized FileSystemView files() throws IOException {
        if (view == null) {
            view = new View(walk());
        }
        return view;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {}

    private FileIndex walk() throws IOException {
        TreeMap<String, FileEntry> entries = new TreeMap<>();
        boolean hostRoot = root.getParent() == null;
        int prefix = hostRoot ? 0 : root.toString().length();
        options.progress().start("reading " + reference, -1);
        int rootMode = (Integer) Files.getAttribute(root, "unix:mode") & PERMISSION_BITS;
        entries.put("/", new FileEntry("/", FileEntry.Kind.DIRECTORY, 0, rootMode, null, "", 0));
        ArrayDeque<Path> directories = new ArrayDeque<>();
        directories.push(root);
        while (!directories.isEmpty()) {
            Path dir = directories.pop();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    String path = child.toString().substring(prefix);
                    if (hostRoot && SKIPPED_WHEN_HOST_ROOT.contains(path)) {
                        continue;
                    }
                    Map<String, Object> attrs;
                    try {
                        attrs = Files.readAttributes(child, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        warn(path, "cannot read", e);
                        continue;
                    }
                    int st = (Integer) attrs.get("mode");
                    int mode = st & PERMISSION_BITS;
                    switch (st & FILE_TYPE_BITS) {
                        case DIRECTORY_TYPE -> {
                            entries.put(path, new FileEntry(path, FileEntry.Kind.DIRECTORY, 0, mode, null, "", 0));
                            directories.push(child);
                        }
                        case REGULAR_TYPE -> entries.put(path,
                                new FileEntry(path, FileEntry.Kind.FILE, (Long) attrs.get("size"), mode, null, "", 0));
                        case SYMLINK_TYPE -> {
                            try {
                                String target = Files.readSymbolicLink(child).toString();
                                entries.put(path, new FileEntry(path, FileEntry.Kind.SYMLINK, 0, mode, target, "", 0));
                            } catch (IOException e) {
                                warn(path, "cannot read link", e);
                            }
                        }
                        default -> { }
                    }
                    // Sockets, devices and fifos carry no content an analysis could use; reading a fifo would block.
                    options.progress().files(1);
                }
            } catch (IOException | DirectoryIteratorException e) {
                String path = dir.toString().substring(prefix);
                warn(path.isEmpty() ? "/" : path, "cannot list", e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e);
            }
        }
        options.progress().done();
        return new FileIndex(entries, options.limits().maxSymlinkHops());
    }

    private void warn(String path, String what, IOException e) {
        warnings.add(reference + ": " + what + " " + path + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "), skipped");
    }

    private final class View implements FileSystemView {
        private final FileIndex index;

        View(FileIndex index) {
            this.index = index;
        }

        @Override
        public List<FileEntry> entries() {
            return index.entries();
        }

        @Override
        public Optional<FileEntry> entry(String path) {
            return index.entry(path);
        }

        @Override
        public Optional<FileEntry> resolve(String path) {
            return index.resolve(path);
        }

        @Override
        public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
            for (FileEntry entry : index.entries()) {
                if (entry.kind() != FileEntry.Kind.FILE || !wanted.test(entry)) {
                    continue;
                }
                Path file = root.resolve(entry.path().substring(1));
                LocalFileContent content;
                try {
                    // The tree may have changed since the walk: refuse anything that is no longer a plain file.
                    if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                        warnings.add(reference + ": " + entry.path() + " is no longer a regular file, skipped");
                        continue;
                    }
                    // a local file: readers that can use random access (jars' central directories) find it open
                    content = LocalFileContent.open(file);
                } catch (IOException e) {
                    warn(entry.path(), "cannot read", e);
                    continue;
                }
                try {
                    visitor.visit(entry, content);
                } finally {
                    content.release();
                }
            }
        }
    }
}
