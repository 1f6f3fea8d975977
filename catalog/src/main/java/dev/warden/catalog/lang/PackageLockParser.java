package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * npm's {@code package-lock.json} and {@code npm-shrinkwrap.json}: v2/v3 list every installed folder in a
 * {@code packages} map (with {@code dev} marks, licences and the project's own entry, which says what it names
 * directly); v1 nests {@code dependencies} by name. Both give edges, resolved as node would find each dependency.
 */
final class PackageLockParser {
    private PackageLockParser() {}

    static void parse(JsonNode lock, NpmLocks.Locked out, Licenses licenses) {
        JsonNode packages = lock.get("packages");
        if (packages != null && packages.isObject()) {
            packages(packages, out, licenses);
            return;
        }
        dependenciesV1(lock.get("dependencies"), out);
    }

    /** v2/v3: {@code packages} by folder ("" the project, "node_modules/a/node_modules/b" a nested copy). */
    private static void packages(JsonNode packages, NpmLocks.Locked out, Licenses licenses) {
        // the root entry ("") and workspace folders (keys without node_modules/) hold package.json dependencies:
        // what one of them names, at the top of its own or the root's node_modules, is direct (npm ls --depth=0)
        Set<String> named = new HashSet<>();
        Set<String> projects = new HashSet<>();
        out.graphKnown(packages.has(""));
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
            if (!e.getKey().contains("node_modules/") && e.getValue().isObject()) {
                projects.add(e.getKey().isEmpty() ? "" : e.getKey() + "/");
                for (String kind : List.of("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")) {
                    e.getValue().path(kind).fieldNames().forEachRemaining(named::add);
                }
            }
        }
        Map<String, String> installedAt = new HashMap<>(); // folder -> name@version
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
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
            installedAt.put(e.getKey(), (name != null ? name : folder) + "@" + Json.text(p, "version"));
        }
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
            String from = installedAt.get(e.getKey());
            if (from == null) {
                continue;
            }
            for (String kind : List.of("dependencies", "optionalDependencies", "peerDependencies")) {
                e.getValue().path(kind).fieldNames().forEachRemaining(dependency -> {
                    String to = resolve(e.getKey(), dependency, installedAt);
                    if (to != null) {
                        out.needs(from, to);
                    }
                });
            }
        }
    }

    /**
     * The package {@code dependency} of the one in {@code folder} is: node's lookup, the nearest {@code node_modules}
     * going up from the folder (its own, then each enclosing package's, then the project's).
     */
    private static String resolve(String folder, String dependency, Map<String, String> installedAt) {
        String base = folder;
        while (true) {
            String found = installedAt.get((base.isEmpty() ? "" : base + "/") + "node_modules/" + dependency);
            if (found != null || base.isEmpty()) {
                return found;
            }
            int up = base.lastIndexOf("/node_modules/");
            base = up < 0 ? "" : base.substring(0, up);
        }
    }

    /**
     * v1: {@code dependencies} by name, each with its version, its {@code requires} (name -> range) and its own nested
     * {@code dependencies}. A requirement resolves as node's lookup does: the entry's own nested dependencies first,
     * then those of the level it sits in, then each enclosing level's up to the top. The top level's own entries
     * do not say which the project names itself (a hoisted indirect one sits there too), so there are no direct marks.
     */
    private static void dependenciesV1(JsonNode dependencies, NpmLocks.Locked out) {
        dependenciesV1(dependencies, Level.of(dependencies, null), out, 0);
    }

    private static void dependenciesV1(JsonNode dependencies, Level level, NpmLocks.Locked out, int depth) {
        if (dependencies == null || !dependencies.isObject()) {
            return;
        }
        if (depth > LangLimits.MAX_LOCKFILE_NESTING) {
            throw new WardenException(out.path() + ": dependencies nested deeper than " + LangLimits.MAX_LOCKFILE_NESTING
                    + " levels, kept the packages above");
        }
        for (Map.Entry<String, JsonNode> e : dependencies.properties()) {
            JsonNode p = e.getValue();
            String key = v1Key(e.getKey(), p);
            if (key != null) {
                int at = key.lastIndexOf('@');
                out.add(key.substring(0, at), key.substring(at + 1), p.path("dev").asBoolean(false), List.of());
            }
            Level own = Level.of(p.get("dependencies"), level);
            if (key != null && out.has(key)) {
                p.path("requires").fieldNames().forEachRemaining(required -> {
                    String to = own.resolve(required);
                    if (to != null) {
                        out.needs(key, to);
                    }
                });
            }
            dependenciesV1(p.get("dependencies"), own, out, depth + 1);
        }
    }

    /**
     * name@version of a v1 entry: an alias ("npm:real-name@1.2.3") by its real name; null without a version.
     * "file:" folders and git URLs are kept here and refused by {@link NpmLocks.Locked#add}.
     */
    private static String v1Key(String name, JsonNode entry) {
        String version = Json.text(entry, "version");
        if (version == null) {
            return null;
        }
        if (version.startsWith("npm:")) {
            String real = version.substring(4);
            int at = real.lastIndexOf('@');
            return at > 0 ? real : null;
        }
        return name + "@" + version;
    }

    /** One v1 {@code dependencies} object: the name@version of each name in it, and the level that encloses it. */
    private record Level(Map<String, String> installed, Level enclosing) {
        static Level of(JsonNode dependencies, Level enclosing) {
            Map<String, String> installed = new HashMap<>();
            if (dependencies != null && dependencies.isObject()) {
                dependencies.properties().forEach(e -> {
                    String key = v1Key(e.getKey(), e.getValue());
                    if (key != null) {
                        installed.put(e.getKey(), key);
                    }
                });
            }
            return new Level(installed, enclosing);
        }

        /** The nearest entry by that name, going up; the depth is bounded by {@link LangLimits#MAX_LOCKFILE_NESTING}. */
        String resolve(String name) {
            for (Level l = this; l != null; l = l.enclosing) {
                String found = l.installed.get(name);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }
}
