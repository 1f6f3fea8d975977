package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * npm, yarn and pnpm lock files of projects whose packages are not installed: {@code package-lock.json}
 * and {@code npm-shrinkwrap.json} (v1 {@code dependencies} tree, v2/v3 {@code packages} map),
 * {@code yarn.lock} (classic v1 and berry v2+) and {@code pnpm-lock.yaml} (v5, v6 and v9 keys).
 * A lock file speaks for the {@code node_modules} folder beside it, installed or not ({@link #LOCK_FILES}; the
 * installed copies there are then left to it, see {@link NpmPackageCataloger}): a source tree and the image built
 * from it then list the same packages, and the lock's dev mark says which ones a production install leaves out.
 * Lock files inside node_modules belong to published packages (or are npm's hidden lock file) and install nothing.
 *
 * <p>Development dependencies are kept, marked {@value PackageProperties#NPM_DEV}{@code =true} where the lock file
 * says so (package-lock.json, pnpm v5/v6): the lock cannot tell whether the image was built with them,
 * and dropping them would hide packages that may be present; the mark lets policies tell them apart.
 */
public final class NpmLockCataloger extends FileParsingCataloger {
    /** The lock files this cataloger reads, which speak for the node_modules beside them. */
    static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml");

    @Override
    public String name() {
        return "npm-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        String name = entry.name();
        return LOCK_FILES.contains(name) && !entry.path().contains("/node_modules/");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        Locked locked = new Locked(entry.path());
        try {
            switch (entry.name()) {
                case "yarn.lock" -> yarnLock(text(content, entry), locked);
                case "pnpm-lock.yaml" -> pnpmLock(text(content, entry), locked);
                default -> packageLock(Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), locked, found.licenses());
            }
        } finally {
            // a file cut short by a limit keeps what was read before it, as the OS databases do
            locked.packages.values().forEach(p -> {
                Map<String, String> props = new LinkedHashMap<>();
                if (p.dev) {
                    props.put(PackageProperties.NPM_DEV, "true");
                }
                if (locked.graphKnown) {
                    props.put(PackageProperties.RELATIONSHIP, p.direct ? Declared.DIRECT : Declared.INDIRECT);
                }
                found.add(Npm.coordinates(p.name, p.version), p.licenses, props);
            });
        }
    }

    private static String text(InputStream content, FileEntry entry) throws IOException {
        return new String(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), StandardCharsets.UTF_8);
    }

    /** One name@version in a lock file; the same one at several places is one package, dev only if every copy is. */
    private static final class LockedPackage {
        final String name;
        final String version;
        boolean dev;
        boolean direct;
        List<String> licenses;

        LockedPackage(String name, String version, boolean dev, List<String> licenses) {
            this.name = name;
            this.version = version;
            this.dev = dev;
            this.licenses = licenses;
        }
    }

    /** What one lock file lists, bounded by {@link LangLimits#MAX_LOCKFILE_PACKAGES}. */
    static final class Locked {
        private final String path;
        private final Map<String, LockedPackage> packages = new LinkedHashMap<>();
        /** Whether the lock says which packages the project names itself (package-lock v2/v3's root entry). */
        private boolean graphKnown;

        Locked(String path) {
            this.path = path;
        }

        void add(String name, String version, boolean dev, List<String> licenses) {
            add(name, version, dev, licenses, false);
        }

        /** Adds one entry; {@code direct} when the project's own package.json names it (a copy anywhere makes it direct). */
        void add(String name, String version, boolean dev, List<String> licenses, boolean direct) {
            if (name == null || name.isBlank() || version == null || version.isBlank()
                    || version.contains(":") || version.contains("/")) {
                return; // no registry version (git, tarball URL, local folder): nothing to name it by
            }
            LockedPackage known = packages.get(name + "@" + version);
            if (known != null) {
                known.dev &= dev;
                known.direct |= direct;
                if (known.licenses.isEmpty()) {
                    known.licenses = licenses;
                }
                return;
            }
            if (packages.size() >= LangLimits.MAX_LOCKFILE_PACKAGES) {
                throw new WardenException(path + ": more than " + LangLimits.MAX_LOCKFILE_PACKAGES
                        + " packages, kept the first ones");
            }
            LockedPackage added = new LockedPackage(name, version, dev, licenses);
            added.direct = direct;
            packages.put(name + "@" + version, added);
        }

        /** Sets the dev mark from a finished analysis: exactly the packages named. */
        void markDev(Set<String> devOnly) {
            packages.forEach((key, p) -> p.dev = devOnly.contains(key));
        }

        /** name@version strings, in the order found (tests). */
        List<String> names() {
            return List.copyOf(packages.keySet());
        }

        /** name@version of those the project names itself (tests). */
        List<String> direct() {
            return packages.entrySet().stream().filter(e -> e.getValue().direct).map(Map.Entry::getKey).toList();
        }

        /** name@version of those marked dev (tests). */
        List<String> dev() {
            return packages.entrySet().stream().filter(e -> e.getValue().dev).map(Map.Entry::getKey).toList();
        }
    }

    static void packageLock(JsonNode lock, Locked out, Licenses licenses) {
        JsonNode packages = lock.get("packages");
        if (packages != null && packages.isObject()) {
            // the root entry ("") and workspace folders (keys without node_modules/) hold package.json dependencies:
            // what one of them names, at the top of its own or the root's node_modules, is direct (npm ls --depth=0)
            Set<String> named = new HashSet<>();
            Set<String> projects = new HashSet<>();
            out.graphKnown = packages.has("");
            for (Map.Entry<String, JsonNode> e : packages.properties()) {
                if (!e.getKey().contains("node_modules/") && e.getValue().isObject()) {
                    projects.add(e.getKey().isEmpty() ? "" : e.getKey() + "/");
                    for (String kind : List.of("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")) {
                        e.getValue().path(kind).fieldNames().forEachRemaining(named::add);
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = packages.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int nm = e.getKey().lastIndexOf("node_modules/");
                JsonNode p = e.getValue();
                if (nm < 0 || !p.isObject() || p.path("link").asBoolean(false)) {
                    continue; // the project itself (""), workspace folders, and links to them
                }
                String name = Json.text(p, "name"); // set when the folder name is an alias
                String license = Json.text(p, "license");
                String folder = e.getKey().substring(nm + "node_modules/".length());
                boolean direct = projects.contains(e.getKey().substring(0, nm)) && named.contains(folder);
                out.add(name != null ? name : folder, Json.text(p, "version"),
                        p.path("dev").asBoolean(false), license == null ? List.of() : licenses.of(license), direct);
            }
            return;
        }
        dependenciesV1(lock.get("dependencies"), out, 0);
    }

    /** v1: {@code dependencies} by name, each with its version and its own nested {@code dependencies}. */
    private static void dependenciesV1(JsonNode dependencies, Locked out, int depth) {
        if (dependencies == null || !dependencies.isObject()) {
            return;
        }
        if (depth > LangLimits.MAX_LOCKFILE_NESTING) {
            throw new WardenException(out.path + ": dependencies nested deeper than " + LangLimits.MAX_LOCKFILE_NESTING
                    + " levels, kept the packages above");
        }
        for (Map.Entry<String, JsonNode> e : dependencies.properties()) {
            JsonNode p = e.getValue();
            String version = Json.text(p, "version");
            boolean dev = p.path("dev").asBoolean(false);
            if (version != null && version.startsWith("npm:")) { // an alias: "npm:real-name@1.2.3"
                String real = version.substring(4);
                int at = real.lastIndexOf('@');
                if (at > 0) {
                    out.add(real.substring(0, at), real.substring(at + 1), dev, List.of());
                }
            } else {
                out.add(e.getKey(), version, dev, List.of()); // "file:" folders and git URLs are refused by add
            }
            dependenciesV1(p.get("dependencies"), out, depth + 1);
        }
    }

    /**
     * yarn.lock: blocks headed by unindented specs ({@code "a@^1", a@^1.2:}) with fields indented by two
     * spaces. Classic v1 writes {@code version "1.2.3"}; berry (a {@code __metadata:} block first) writes
     * {@code version: 1.2.3} and {@code resolution: "name@npm:1.2.3"}, whose name is the real one behind an
     * alias. Project entries ({@code workspace:}, {@code link:}, {@code portal:}, {@code file:}) and
     * {@code patch:} copies of a package listed on its own are left out. yarn.lock does not say which
     * packages only development needs.
     */
    static void yarnLock(String text, Locked out) {
        YarnBlock block = null;
        for (Iterator<String> it = text.lines().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (block != null) {
                    block.addTo(out);
                }
                block = line.endsWith(":") && !line.startsWith("__metadata") ? new YarnBlock(line) : null;
            } else if (block != null && isField(line)) {
                String t = line.strip();
                if (t.startsWith("version ") || t.startsWith("version:")) {
                    block.version = unquote(t.substring("version".length()).replaceFirst("^:?\\s*", ""));
                } else if (t.startsWith("resolution:")) {
                    block.resolution = unquote(t.substring("resolution:".length()));
                }
            }
        }
        if (block != null) {
            block.addTo(out);
        }
        if (out.packages.isEmpty() && !text.isBlank() && !text.contains("# yarn lockfile v1") && !text.contains("__metadata:")) {
            throw new WardenException(out.path + ": not a yarn lock file (no lockfile header, no entries)");
        }
    }

    /** A field of an entry, indented by exactly two spaces (deeper lines list dependencies, which may be named "version"). */
    private static boolean isField(String line) {
        return line.length() > 2 && line.startsWith("  ") && !Character.isWhitespace(line.charAt(2));
    }

    private static final class YarnBlock {
        final String header;
        String version;
        String resolution;

        YarnBlock(String header) {
            this.header = header;
        }

        void addTo(Locked out) {
            if (resolution != null) { // berry
                int at = resolution.indexOf('@', 1);
                if (at < 0) {
                    return;
                }
                String name = resolution.substring(0, at);
                String reference = resolution.substring(at + 1);
                if (reference.startsWith("npm:")) {
                    out.add(name, reference.substring(4), false, List.of());
                } else if (!isLocal(reference) && !reference.startsWith("patch:") && !reference.startsWith("exec:")) {
                    out.add(name, version, false, List.of()); // git or tarball: the version its package.json gives
                }
                return;
            }
            int comma = header.indexOf(',');
            String first = stripQuotes(comma < 0 ? header.substring(0, header.length() - 1) : header.substring(0, comma));
            int at = first.indexOf('@', 1);
            if (at < 0) {
                return;
            }
            String name = first.substring(0, at);
            String range = first.substring(at + 1);
            if (range.startsWith("npm:")) { // an alias: "alias@npm:real-name@^1"
                String real = range.substring(4);
                int realAt = real.lastIndexOf('@');
                name = realAt > 0 ? real.substring(0, realAt) : real;
            } else if (isLocal(range)) {
                return;
            }
            out.add(name, version, false, List.of());
        }

        private static boolean isLocal(String reference) {
            return reference.startsWith("workspace:") || reference.startsWith("link:") || reference.startsWith("portal:")
                    || reference.startsWith("file:");
        }
    }

    /**
     * pnpm-lock.yaml: the entries of the top-level {@code packages:} and (v9) {@code snapshots:} maps. Keys
     * are "/name/1.2.3_peer" (v5), "/name@1.2.3(peer)" (v6) or "name@1.2.3(peer)" (v9), scoped names
     * included; entries not from the registry (git, tarballs) carry {@code name:} and {@code version:}
     * fields, which win over the key. v5/v6 mark development-only packages {@code dev: true}; for v9 the
     * mark is derived from the dependency graph ({@link #pnpmDevOnly}).
     */
    static void pnpmLock(String text, Locked out) {
        boolean inPackages = false;
        boolean versioned = false;
        int major = 9;
        PnpmEntry entry = null;
        for (Iterator<String> it = text.lines().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (entry != null) {
                    entry.addTo(out, major);
                    entry = null;
                }
                String t = line.strip();
                if (t.startsWith("lockfileVersion:")) {
                    major = majorVersion(unquote(t.substring("lockfileVersion:".length())));
                    versioned = true;
                }
                inPackages = t.equals("packages:") || t.equals("snapshots:");
                continue;
            }
            if (!inPackages || !isField(line)) {
                if (entry != null && line.startsWith("    ") && !Character.isWhitespace(line.charAt(4))) {
                    entry.field(line.strip());
                }
                continue;
            }
            if (entry != null) {
                entry.addTo(out, major);
            }
            String t = line.strip();
            // a v9 snapshot without dependencies is written "key: {}"
            String key = t.endsWith(": {}") ? t.substring(0, t.length() - 4) : t.endsWith(":") ? t.substring(0, t.length() - 1) : null;
            entry = key == null ? null : new PnpmEntry(unquote(key));
        }
        if (entry != null) {
            entry.addTo(out, major);
        }
        if (!versioned && out.packages.isEmpty() && !text.isBlank()) {
            throw new WardenException(out.path + ": not a pnpm lock file (no lockfileVersion, no entries)");
        }
        if (major >= 9) {
            out.markDev(pnpmDevOnly(text));
        }
    }

    /**
     * pnpm v9 no longer writes {@code dev: true}; it is derived the way pnpm itself did: a package is
     * development-only when every copy of it ({@code snapshots:} key, one per peer set) is reached from
     * the importers' {@code devDependencies} and none from their {@code dependencies} or
     * {@code optionalDependencies}. Returns name@version of those.
     */
    static Set<String> pnpmDevOnly(String text) {
        Map<String, List<String>> edges = new HashMap<>();
        List<String> prodRoots = new ArrayList<>();
        List<String> devRoots = new ArrayList<>();
        String section = "";
        String kind = "";
        String dependency = null;
        String snapshot = null;
        for (Iterator<String> it = text.lines().iterator(); it.hasNext(); ) {
            String line = it.next();
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int indent = line.indexOf(t.charAt(0));
            if (indent == 0) {
                section = t;
                kind = "";
                snapshot = null;
            } else if (indent == 4) {
                kind = t;
                dependency = null;
            } else if (section.equals("importers:") && indent == 6 && t.endsWith(":")) {
                dependency = unquote(t.substring(0, t.length() - 1));
            } else if (section.equals("importers:") && indent == 8 && dependency != null && t.startsWith("version:")) {
                String key = snapshotKey(dependency, unquote(t.substring("version:".length())));
                if (kind.equals("devDependencies:")) {
                    devRoots.add(key);
                } else if (kind.equals("dependencies:") || kind.equals("optionalDependencies:")) {
                    prodRoots.add(key);
                }
            } else if (section.equals("snapshots:") && indent == 2) {
                snapshot = unquote(t.endsWith(": {}") ? t.substring(0, t.length() - 4) : t.substring(0, t.length() - 1));
                kind = "";
            } else if (section.equals("snapshots:") && indent == 6 && snapshot != null
                    && (kind.equals("dependencies:") || kind.equals("optionalDependencies:"))) {
                int colon = t.indexOf(": ");
                if (colon > 0) {
                    edges.computeIfAbsent(snapshot, k -> new ArrayList<>())
                            .add(snapshotKey(unquote(t.substring(0, colon)), unquote(t.substring(colon + 2))));
                }
            }
        }
        Set<String> prod = reach(prodRoots, edges);
        Set<String> dev = new HashSet<>();
        Set<String> notDev = new HashSet<>();
        for (String key : reach(devRoots, edges)) {
            (prod.contains(key) ? notDev : dev).add(withoutPeers(key));
        }
        prod.forEach(key -> notDev.add(withoutPeers(key)));
        dev.removeAll(notDev);
        return dev;
    }

    /** The snapshot a dependency names: "name@version(peers)", or for an alias the "real@version" its version holds. */
    private static String snapshotKey(String name, String version) {
        return withoutPeers(version).indexOf('@', 1) > 0 ? version : name + "@" + version;
    }

    private static String withoutPeers(String key) {
        int paren = key.indexOf('(');
        return paren > 0 ? key.substring(0, paren) : key;
    }

    private static Set<String> reach(List<String> roots, Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>(roots);
        ArrayDeque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            for (String next : edges.getOrDefault(pending.poll(), List.of())) {
                if (seen.add(next)) {
                    pending.add(next);
                }
            }
        }
        return seen;
    }

    private static int majorVersion(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 9; // unknown: read keys the current way
        }
    }

    private static final class PnpmEntry {
        final String key;
        String name;
        String version;
        boolean dev;

        PnpmEntry(String key) {
            this.key = key;
        }

        void field(String field) {
            if (field.startsWith("name:")) {
                name = unquote(field.substring(5));
            } else if (field.startsWith("version:")) {
                version = unquote(field.substring(8));
            } else if (field.equals("dev: true")) {
                dev = true;
            }
        }

        void addTo(Locked out, int major) {
            String k = key.startsWith("/") ? key.substring(1) : key;
            if (version != null && (name != null || major >= 6)) {
                // v9 gives a git or tarball entry its version but keeps the name only in the key
                int at = k.indexOf('@', 1);
                out.add(name != null ? name : at > 0 ? k.substring(0, at) : null, version, dev, List.of());
                return;
            }
            if (major < 6) { // name/version_peers, or @scope/name/version_peers
                String[] parts = k.split("/");
                boolean scoped = k.startsWith("@");
                if (key.startsWith("/") && parts.length == (scoped ? 3 : 2)) {
                    String v = parts[parts.length - 1];
                    int underscore = v.indexOf('_');
                    out.add(scoped ? parts[0] + "/" + parts[1] : parts[0], underscore > 0 ? v.substring(0, underscore) : v, dev, List.of());
                }
                return;
            }
            int paren = k.indexOf('(');
            if (paren > 0) {
                k = k.substring(0, paren);
            }
            int at = k.indexOf('@', 1);
            if (at > 0) {
                out.add(k.substring(0, at), k.substring(at + 1), dev, List.of());
            }
        }
    }

    private static String stripQuotes(String s) {
        String t = s.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            t = t.substring(1);
        }
        if (t.endsWith("\"") || t.endsWith("'")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))
                ? t.substring(1, t.length() - 1) : t;
    }
}
