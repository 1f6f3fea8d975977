package dev.warden.catalog;

import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * What a user leaves out of a catalogue run: catalogers not chosen ({@code --catalogers}, Syft's idea: names, their
 * ecosystem prefix such as {@code npm}, or the groups {@code os} and {@code language}) and paths skipped
 * ({@code --skip-dirs}, {@code --skip-files}, Trivy's names and glob syntax, that of Go's doublestar library: {@code *}
 * stays within one path element, {@code **} crosses them and, as a whole element, also matches none, so
 * {@code **}{@code /node_modules} skips a {@code node_modules} at the root too; matched against the path from the
 * image's root after cleaning as Trivy cleans it: a leading {@code /} or {@code ./}, {@code .} elements and a trailing
 * {@code /} do not count). A skipped path is absent for every reader, the distro detection included.
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
    /**
     * A {@code **} element matches zero or more elements, tried as the JDK's glob with and without it: each one doubles
     * the patterns matched against every path, and no real glob needs more than a few.
     */
    public static final int MAX_DOUBLE_STARS = 6;
    /** Everything: no cataloger left out, no path skipped. */
    public static final CatalogSelection ALL = new CatalogSelection(List.of(), List.of(), List.of());

    private static final Set<String> OS_CATALOGERS = Set.of("dpkg", "apk", "rpm");
    /** Syft's cataloger names end so ({@code java-archive-cataloger}); what is before it names Warden's. */
    private static final String SYFT_SUFFIX = "-cataloger";
    /**
     * Syft's ecosystem tags whose words are not Warden's names or prefixes, and the Warden catalogers they mean. Go and
     * Rust binaries are one cataloger here ({@code binary}), so either tag takes both kinds of binary.
     */
    static final java.util.Map<String, List<String>> SYFT_TAGS = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(java.util.Map.ofEntries(
            java.util.Map.entry("javascript", List.of("npm")),
            java.util.Map.entry("node", List.of("npm")),
            java.util.Map.entry("go", List.of("go", "binary")),
            java.util.Map.entry("golang", List.of("go", "binary")),
            java.util.Map.entry("rust", List.of("rust", "binary")),
            java.util.Map.entry("java", List.of("java", "maven", "gradle")),
            java.util.Map.entry("debian", List.of("dpkg")),
            java.util.Map.entry("alpine", List.of("apk")),
            java.util.Map.entry("redhat", List.of("rpm")),
            // Syft's cataloger names whose start is not a Warden name
            java.util.Map.entry("javascript-package", List.of("npm-package")),
            java.util.Map.entry("javascript-lock", List.of("npm-lock")),
            java.util.Map.entry("go-module-binary", List.of("binary")),
            java.util.Map.entry("go-module-file", List.of("go-mod")))));

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

    /**
     * The catalogers of {@code all} this selection keeps, in their order; an unknown word is a user error. As in Syft's
     * {@code --select-catalogers}, a word starting with {@code -} takes catalogers away (from all of them when no
     * word adds any), Syft's ecosystem tags name Warden's catalogers ({@link #SYFT_TAGS}), and Syft's full names
     * ({@code java-archive-cataloger}, {@code dpkg-db-cataloger}) name the Warden cataloger they begin with.
     */
    public List<Cataloger> select(List<Cataloger> all) {
        if (catalogers.isEmpty()) {
            return all;
        }
        Set<Cataloger> chosen = new LinkedHashSet<>();
        Set<Cataloger> removed = new LinkedHashSet<>();
        boolean adds = false;
        for (String word : catalogers) {
            String w = word.trim().toLowerCase(java.util.Locale.ROOT);
            boolean remove = w.startsWith("-");
            w = remove ? w.substring(1) : w.startsWith("+") ? w.substring(1) : w;
            w = w.endsWith(SYFT_SUFFIX) ? w.substring(0, w.length() - SYFT_SUFFIX.length()) : w;
            List<String> words = SYFT_TAGS.getOrDefault(w, List.of(w));
            List<Cataloger> matching = all.stream().filter(c -> words.stream().anyMatch(x -> matches(x, c.name()))).toList();
            if (matching.isEmpty()) {
                throw new WardenException("--catalogers: unknown cataloger '" + word + "' (known: all, os, language, "
                        + String.join(", ", all.stream().map(Cataloger::name).toList()) + "; Syft's "
                        + String.join(", ", SYFT_TAGS.keySet()) + "; -NAME leaves one out)");
            }
            (remove ? removed : chosen).addAll(matching);
            adds |= !remove;
        }
        Set<Cataloger> base = adds ? chosen : new LinkedHashSet<>(all);
        return all.stream().filter(c -> base.contains(c) && !removed.contains(c)).toList();
    }

    private static boolean matches(String word, String name) {
        return switch (word) {
            case "os" -> OS_CATALOGERS.contains(name);
            case "language" -> !OS_CATALOGERS.contains(name);
            case "all" -> true;
            default -> name.equals(word) || name.startsWith(word + "-") || word.startsWith(name + "-");
        };
    }

    /** {@code files} without the skipped paths; {@code files} itself when nothing is skipped. */
    public FileSystemView view(FileSystemView files) {
        if (skipDirs.isEmpty() && skipFiles.isEmpty()) {
            return files;
        }
        List<Glob> dirs = skipDirs.stream().map(g -> matcher(g, "--skip-dirs")).toList();
        List<Glob> fileGlobs = skipFiles.stream().map(g -> matcher(g, "--skip-files")).toList();
        return new Skipping(files, path -> skipped(path, dirs, fileGlobs));
    }

    private static boolean skipped(String path, List<Glob> dirs, List<Glob> files) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            return false;
        }
        Path p = Path.of(relative);
        for (Glob m : files) {
            if (m.matches(p)) {
                return true;
            }
        }
        for (Path dir = p; dir != null; dir = dir.getParent()) {
            for (Glob m : dirs) {
                if (m.matches(dir)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * This selection for a root filesystem at {@code root} (absolute), with globs written as Trivy's {@code fs} scan
     * takes them: an absolute glob under {@code root} ({@code --skip-dirs $PWD/app/node_modules} for
     * {@code fs://$PWD/app}) and one starting with {@code ./} or {@code ../} that names a place under {@code root} from
     * {@code workingDirectory} ({@code --skip-dirs ./node_modules} for {@code fs://.}) are made relative to the root.
     * Any other glob already is: an absolute one outside {@code root} ({@code /usr/share/doc} for
     * {@code fs:///mnt/rootfs}) is from the root, as for an image.
     */
    public CatalogSelection relativeTo(Path root, Path workingDirectory) {
        return new CatalogSelection(catalogers, skipDirs.stream().map(g -> relativeGlob(g, root, workingDirectory)).toList(),
                skipFiles.stream().map(g -> relativeGlob(g, root, workingDirectory)).toList());
    }

    private static String relativeGlob(String glob, Path root, Path workingDirectory) {
        String absolute;
        if (glob.startsWith("/")) {
            absolute = glob;
        } else if (glob.equals(".") || glob.equals("..") || glob.startsWith("./") || glob.startsWith("../")) {
            absolute = workingDirectory.toAbsolutePath() + "/" + glob;
        } else {
            return glob;
        }
        String cleaned = "/" + clean(absolute);
        String rootText = clean(root.toAbsolutePath().toString());
        if (rootText.isEmpty()) {
            return cleaned;
        }
        String prefix = "/" + rootText;
        if (cleaned.equals(prefix)) {
            return "**"; // the root itself: everything below it
        }
        return cleaned.startsWith(prefix + "/") ? cleaned.substring(prefix.length() + 1) : glob;
    }

    /**
     * A glob as Trivy cleans it before matching (Go's {@code filepath.Clean}, then no leading {@code /}): empty and
     * {@code .} elements dropped, {@code ..} taking the element before it away.
     */
    static String clean(String glob) {
        Deque<String> elements = new ArrayDeque<>();
        for (String element : glob.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..") && !elements.isEmpty() && !elements.peekLast().equals("..")) {
                elements.removeLast();
            } else {
                elements.addLast(element);
            }
        }
        return String.join("/", elements);
    }

    private static Glob matcher(String glob, String flag) {
        if (glob.isBlank() || glob.length() > MAX_GLOB_CHARS) {
            throw new WardenException(flag + ": an empty or over-long glob");
        }
        String relative = clean(glob);
        if (relative.isEmpty()) {
            throw new WardenException(flag + ": '" + glob + "' names no path below the root");
        }
        List<String> variants = withoutDoubleStars(relative);
        if (variants.size() > 1 << MAX_DOUBLE_STARS) {
            throw new WardenException(flag + ": '" + glob + "' has more than " + MAX_DOUBLE_STARS + " '**' elements");
        }
        List<PathMatcher> matchers = new ArrayList<>();
        try {
            for (String variant : variants) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
        } catch (IllegalArgumentException e) {
            // a PatternSyntaxException's message spans lines (pattern and caret): its description alone is one
            String why = e instanceof PatternSyntaxException syntax ? syntax.getDescription() : e.getMessage().lines().findFirst().orElse("");
            throw new WardenException(flag + ": not a glob: '" + glob + "' (" + why + ")", e);
        }
        return new Glob(matchers);
    }

    /**
     * {@code glob} and every form of it with some of its {@code **} elements taken out: the JDK's {@code **} matches
     * one or more elements where doublestar's matches zero or more ({@code **}{@code /x} also matches {@code x},
     * {@code a/**}{@code /b} also {@code a/b}, {@code a/**} also {@code a}). Stops growing past the limit.
     */
    private static List<String> withoutDoubleStars(String glob) {
        List<String> forms = new ArrayList<>(List.of(glob));
        String[] elements = glob.split("/", -1);
        for (int i = 0; i < elements.length && forms.size() <= 1 << MAX_DOUBLE_STARS; i++) {
            if (!elements[i].equals("**") || elements.length == 1) {
                continue;
            }
            int index = i;
            List<String> without = new ArrayList<>();
            for (String form : forms) {
                without.add(form);
                without.add(removeElement(form, elements.length, index));
            }
            forms = without;
        }
        return forms.stream().distinct().toList();
    }

    /** {@code form} (a glob of {@code count} elements, or fewer once some were removed) without the element at {@code index}. */
    private static String removeElement(String form, int count, int index) {
        // elements already removed sit before index in the original: count back from the end, which is unchanged
        String[] parts = form.split("/", -1);
        int at = index - (count - parts.length);
        List<String> kept = new ArrayList<>(List.of(parts));
        kept.remove(at);
        return String.join("/", kept);
    }

    /** One glob as the JDK's matchers of its forms ({@link #withoutDoubleStars}); a path matches when one of them does. */
    private record Glob(List<PathMatcher> forms) {
        boolean matches(Path path) {
            for (PathMatcher m : forms) {
                if (m.matches(path)) {
                    return true;
                }
            }
            return false;
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
