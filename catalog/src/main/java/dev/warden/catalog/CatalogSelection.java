package dev.warden.catalog;

import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * What a user leaves out of a catalogue run: catalogers not chosen ({@code --catalogers}, Syft's idea: names, their
 * ecosystem prefix such as {@code npm}, or the groups {@code os} and {@code language}) and paths skipped
 * ({@code --skip-dirs}, {@code --skip-files}, Trivy's names: globs where {@code *} stays within one path element and
 * {@code **} crosses them, matched against the path from the image's root, a leading {@code /} optional). A skipped
 * path is absent for every reader, the distro detection included.
 *
 * @param catalogers chosen catalogers' words; empty for all
 * @param skipDirs   directory globs: everything below a match is skipped
 * @param skipFiles  file globs
 */
public record CatalogSelection(List<String> catalogers, List<String> skipDirs, List<String> skipFiles) {
    /** Globs are matched against every path of an image: a few dozen keep that cheap, and more is a mistake. */
    public static final int MAX_GLOBS = 100;
    /** A glob longer than any real path is a mistake too. */
    public static final int MAX_GLOB_CHARS = 4096;
    /** Everything: no cataloger left out, no path skipped. */
    public static final CatalogSelection ALL = new CatalogSelection(List.of(), List.of(), List.of());

    private static final Set<String> OS_CATALOGERS = Set.of("dpkg", "apk", "rpm");

    public CatalogSelection {
        catalogers = List.copyOf(catalogers);
        skipDirs = List.copyOf(skipDirs);
        skipFiles = List.copyOf(skipFiles);
        if (skipDirs.size() + skipFiles.size() > MAX_GLOBS) {
            throw new WardenException("--skip-dirs and --skip-files: " + (skipDirs.size() + skipFiles.size())
                    + " globs, at most " + MAX_GLOBS);
        }
        for (String glob : skipDirs) {
            matcher(glob, "--skip-dirs");
        }
        for (String glob : skipFiles) {
            matcher(glob, "--skip-files");
        }
    }

    /** The catalogers of {@code all} this selection keeps, in their order; an unknown word is a user error. */
    public List<Cataloger> select(List<Cataloger> all) {
        if (catalogers.isEmpty()) {
            return all;
        }
        Set<Cataloger> chosen = new LinkedHashSet<>();
        for (String word : catalogers) {
            String w = word.trim().toLowerCase(java.util.Locale.ROOT);
            List<Cataloger> matching = all.stream().filter(c -> matches(w, c.name())).toList();
            if (matching.isEmpty()) {
                throw new WardenException("--catalogers: unknown cataloger '" + word + "' (known: os, language, "
                        + String.join(", ", all.stream().map(Cataloger::name).toList()) + ")");
            }
            chosen.addAll(matching);
        }
        return all.stream().filter(chosen::contains).toList();
    }

    private static boolean matches(String word, String name) {
        return switch (word) {
            case "os" -> OS_CATALOGERS.contains(name);
            case "language" -> !OS_CATALOGERS.contains(name);
            default -> name.equals(word) || name.startsWith(word + "-");
        };
    }

    /** {@code files} without the skipped paths; {@code files} itself when nothing is skipped. */
    public FileSystemView view(FileSystemView files) {
        if (skipDirs.isEmpty() && skipFiles.isEmpty()) {
            return files;
        }
        List<PathMatcher> dirs = skipDirs.stream().map(g -> matcher(g, "--skip-dirs")).toList();
        List<PathMatcher> fileGlobs = skipFiles.stream().map(g -> matcher(g, "--skip-files")).toList();
        return new Skipping(files, path -> skipped(path, dirs, fileGlobs));
    }

    private static boolean skipped(String path, List<PathMatcher> dirs, List<PathMatcher> files) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            return false;
        }
        Path p = Path.of(relative);
        for (PathMatcher m : files) {
            if (m.matches(p)) {
                return true;
            }
        }
        for (Path dir = p; dir != null; dir = dir.getParent()) {
            for (PathMatcher m : dirs) {
                if (m.matches(dir)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PathMatcher matcher(String glob, String flag) {
        if (glob.isBlank() || glob.length() > MAX_GLOB_CHARS) {
            throw new WardenException(flag + ": an empty or over-long glob");
        }
        String relative = glob.startsWith("/") ? glob.substring(1) : glob;
        relative = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + relative);
        } catch (IllegalArgumentException e) {
            // a PatternSyntaxException's message spans lines (pattern and caret): its description alone is one
            String why = e instanceof PatternSyntaxException syntax ? syntax.getDescription() : e.getMessage().lines().findFirst().orElse("");
            throw new WardenException(flag + ": not a glob: '" + glob + "' (" + why + ")", e);
        }
    }

    /** A view that hides the skipped paths from every reader: listing, lookup, link resolution and reading. */
    private static final class Skipping implements FileSystemView {
        private final FileSystemView files;
        private final Predicate<String> skipped;
        private List<FileEntry> kept;

        Skipping(FileSystemView files, Predicate<String> skipped) {
            this.files = files;
            this.skipped = skipped;
        }

        @Override
        public synchronized List<FileEntry> entries() {
            if (kept == null) {
                kept = files.entries().stream().filter(e -> !skipped.test(e.path())).toList();
            }
            return kept;
        }

        @Override
        public Optional<FileEntry> entry(String path) {
            return files.entry(path).filter(e -> !skipped.test(e.path()));
        }

        @Override
        public Optional<FileEntry> resolve(String path) {
            return files.resolve(path).filter(e -> !skipped.test(e.path()) && !skipped.test(path));
        }

        @Override
        public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
            files.read(e -> !skipped.test(e.path()) && wanted.test(e), visitor);
        }

        @Override
        public void read(Predicate<FileEntry> wanted, ContentVisitor visitor, Predicate<FileEntry> hiddenWanted,
                ContentVisitor hidden) throws IOException {
            files.read(e -> !skipped.test(e.path()) && wanted.test(e), visitor,
                    e -> !skipped.test(e.path()) && hiddenWanted.test(e), hidden);
        }
    }
}
