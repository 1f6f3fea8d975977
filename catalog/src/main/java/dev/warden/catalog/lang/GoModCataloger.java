package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go modules of a source tree: every {@code go.mod} (nested modules each on their own) with its {@code require}
 * directives, {@code // indirect} marked, and {@code replace} directives applied as the go command applies them: a
 * module replaced by another module is reported under the replacement's path and version; one replaced by a local
 * folder ({@code => ../fork}) is the folder's code, so it is listed without a version (nothing matches a published
 * version against it) and says what replaced it. The main module is listed as the root. A {@code go.mod} older than
 * Go 1.17 does not list every module the build needs; for those, modules that {@code go.sum} beside it holds the code
 * of (lines without {@code /go.mod}) are added as indirect. Module caches ({@code pkg/mod}), {@code vendor} and
 * {@code testdata} folders are not projects and are skipped.
 */
public final class GoModCataloger implements Cataloger {
    /** Go 1.17 made go.mod list every module that provides a package of the build (module graph pruning). */
    private static final int COMPLETE_GO_MOD_MINOR = 17;

    @Override
    public String name() {
        return "go-mod";
    }

    @Override
    public Session start(CatalogContext context) {
        return new GoModSession(context);
    }

    /**
     * One module requirement after replacements: {@code replaced} is the folder that replaced it (version null) or the
     * module@version it replaced (path and version are the replacement's).
     */
    record Requirement(String path, String version, boolean indirect, String replaced) {}

    /** What a go.mod declares: the module path, the go version and the requirements (replacements applied). */
    record GoMod(String module, String goVersion, List<Requirement> requirements) {}

    static GoMod parse(String text, String where) {
        String module = null;
        String go = null;
        Map<String, Requirement> required = new LinkedHashMap<>();
        Map<String, String[]> replaces = new LinkedHashMap<>(); // "path" or "path@version" -> {newPath, newVersion or null}
        String block = null;
        for (String raw : text.split("\r?\n")) {
            boolean indirect = raw.contains("// indirect");
            int comment = raw.indexOf("//");
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (block != null) {
                if (line.equals(")")) {
                    block = null;
                } else {
                    directive(block, line, indirect, required, replaces, where);
                }
                continue;
            }
            String[] words = line.split("\\s+", 2);
            if (words.length == 2 && words[1].equals("(")) {
                block = words[0];
            } else if (words[0].equals("module") && words.length == 2) {
                module = unquote(words[1]);
            } else if (words[0].equals("go") && words.length == 2) {
                go = words[1];
            } else if (words.length == 2) {
                directive(words[0], words[1], indirect, required, replaces, where);
            }
        }
        if (module == null) {
            throw new WardenException(where + ": no module directive, not a go.mod, skipped");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Requirement r : required.values()) {
            String[] to = replaces.getOrDefault(r.path() + "@" + r.version(), replaces.get(r.path()));
            if (to == null) {
                requirements.add(r);
            } else if (to[1] == null) {
                requirements.add(new Requirement(r.path(), null, r.indirect(), to[0]));
            } else {
                requirements.add(new Requirement(to[0], to[1], r.indirect(), r.path() + "@" + r.version()));
            }
        }
        return new GoMod(module, go, requirements);
    }

    private static void directive(String verb, String args, boolean indirect, Map<String, Requirement> required,
            Map<String, String[]> replaces, String where) {
        String[] w = args.strip().split("\\s+");
        if (required.size() + replaces.size() >= LangLimits.MAX_LOCKFILE_PACKAGES) {
            throw new WardenException(where + ": more than " + LangLimits.MAX_LOCKFILE_PACKAGES + " require and replace directives, skipped");
        }
        if (verb.equals("require") && w.length >= 2) {
            String path = unquote(w[0]);
            required.put(path, new Requirement(path, w[1], indirect, null));
        } else if (verb.equals("replace")) {
            int arrow = List.of(w).indexOf("=>");
            if (arrow < 1 || arrow + 1 >= w.length) {
                return;
            }
            String from = unquote(w[0]) + (arrow == 2 ? "@" + w[1] : "");
            String to = unquote(w[arrow + 1]);
            boolean local = to.startsWith("./") || to.startsWith("../") || to.startsWith("/") || arrow + 2 >= w.length;
            replaces.put(from, new String[] {to, local ? null : w[arrow + 2]});
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") || s.startsWith("`")) ? s.substring(1, s.length() - 1) : s;
    }

    /** Whether a go directive names a version before 1.17 (or none, which the go command reads as 1.16). */
    static boolean incomplete(String goVersion) {
        if (goVersion == null) {
            return true;
        }
        String[] parts = goVersion.split("\\.");
        try {
            return parts.length < 2 || Integer.parseInt(parts[0]) == 1 && Integer.parseInt(parts[1].replaceAll("[^0-9].*", "")) < COMPLETE_GO_MOD_MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Module path -> version of the modules whose code go.sum holds a hash of (not only their go.mod). */
    static Map<String, String> goSum(String text) {
        Map<String, String> modules = new TreeMap<>();
        for (String line : text.split("\r?\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 3 && !w[1].endsWith("/go.mod")) {
                modules.put(w[0], w[1]); // lines are sorted by version: the last is the newest
            }
        }
        return modules;
    }

    /** A module path as a golang purl's namespace and name. */
    private static LangPackages.Coordinates coordinates(String path, String version) {
        int slash = path.lastIndexOf('/');
        return new LangPackages.Coordinates("golang", slash < 0 ? null : path.substring(0, slash), path.substring(slash + 1), version);
    }

    private final class GoModSession implements Session {
        private final CatalogContext context;
        private final Map<String, FileEntry> mods = new TreeMap<>();
        private final Map<String, String> modTexts = new LinkedHashMap<>();
        private final Map<String, String> sumTexts = new LinkedHashMap<>();

        GoModSession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            String path = entry.path();
            return entry.isFile() && (entry.name().equals("go.mod") || entry.name().equals("go.sum"))
                    && !path.contains("/pkg/mod/") && !path.contains("/vendor/") && !path.contains("/testdata/");
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            try {
                String text = Declared.text(content, entry.path());
                String dir = entry.path().substring(0, entry.path().lastIndexOf('/'));
                if (entry.name().equals("go.mod")) {
                    mods.put(dir, entry);
                    modTexts.put(dir, text);
                } else {
                    sumTexts.put(dir, text);
                }
            } catch (WardenException e) {
                context.warn(e.getMessage());
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            mods.forEach((dir, entry) -> {
                GoMod mod;
                try {
                    mod = parse(modTexts.get(dir), entry.path());
                } catch (WardenException e) {
                    context.warn(e.getMessage());
                    return;
                }
                Location location = new Location(entry.path(), entry.layerDiffId());
                Map<String, Map<String, String>> listed = new LinkedHashMap<>(); // module path -> version, properties
                Map<String, String> versions = new LinkedHashMap<>();
                for (Requirement r : mod.requirements()) {
                    Map<String, String> props = Declared.of(r.indirect() ? Declared.INDIRECT : Declared.DIRECT, null, false);
                    if (r.replaced() != null) {
                        props.put(r.version() == null ? PackageProperties.GO_REPLACED_BY_DIRECTORY : PackageProperties.GO_REPLACES, r.replaced());
                    }
                    listed.put(r.path(), props);
                    versions.put(r.path(), r.version());
                }
                String sum = sumTexts.get(dir);
                if (sum != null && incomplete(mod.goVersion())) {
                    goSum(sum).forEach((path, version) -> {
                        if (!listed.containsKey(path) && !path.equals(mod.module())) {
                            listed.put(path, Declared.of(Declared.INDIRECT, null, false));
                            versions.put(path, version);
                        }
                    });
                }
                // the main module requires every module its go.mod lists (go.sum's additions are not requirements)
                List<String> required = new ArrayList<>();
                for (Requirement r : mod.requirements()) {
                    try {
                        required.add(Declared.id(name(), coordinates(r.path(), r.version()), entry.path()));
                    } catch (WardenException e) {
                        // no purl for it: add() below warns once when it is listed
                    }
                }
                Map<String, String> rootProps = Declared.of(Declared.ROOT, null, false);
                if (!required.isEmpty()) {
                    rootProps.put(PackageProperties.DEPENDS_ON, String.join(" ", required));
                }
                add(sink, mod.module(), null, location, rootProps);
                listed.forEach((path, props) -> add(sink, path, versions.get(path), location, props));
            });
        }

        private void add(PackageSink sink, String path, String version, Location location, Map<String, String> props) {
            try {
                sink.add(LangPackages.create(name(), coordinates(path, version), List.of(), location, null, props));
            } catch (WardenException e) {
                context.warn(e.getMessage());
            }
        }
    }
}
