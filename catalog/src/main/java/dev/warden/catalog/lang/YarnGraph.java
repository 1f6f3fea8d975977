package dev.warden.catalog.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph a {@code yarn.lock} records, for the dev marks it does not write itself. Entries are found by
 * descriptor ({@code name@range} as package.json writes it: {@code is-odd@^3.0.1} in classic, {@code is-odd@npm:^3.0.1}
 * in berry) and name the descriptors they depend on. A package is development-only when the project's
 * {@code devDependencies} reach it and neither its {@code dependencies} nor {@code optionalDependencies} do (the rule
 * npm writes into package-lock.json, and Syft and Trivy apply to yarn.lock with the package.json beside it).
 */
final class YarnGraph {
    /** Descriptor -> name@version of the entry it resolves to. */
    private final Map<String, String> resolves = new HashMap<>();
    /** name@version -> the descriptors its entry depends on. */
    private final Map<String, List<String>> dependsOn = new HashMap<>();
    /** Berry's workspace entries ({@code name@workspace:folder}) by folder: the descriptors each depends on. */
    private final Map<String, List<String>> workspaces = new LinkedHashMap<>();

    /** One lock entry: the descriptors in its key, what it resolves to, and the descriptors it depends on. */
    void entry(List<String> descriptors, String resolved, List<String> dependencies) {
        for (String d : descriptors) {
            resolves.put(d, resolved);
        }
        dependsOn.computeIfAbsent(resolved, k -> new ArrayList<>()).addAll(dependencies);
    }

    /** A berry workspace entry: the project's own folder ({@code "."}) or one of its workspaces. */
    void workspace(String folder, List<String> dependencies) {
        workspaces.computeIfAbsent(folder, k -> new ArrayList<>()).addAll(dependencies);
    }

    /**
     * Writes the graph into {@code out} the way yarn resolves it: each entry needs the entries whose key lists the
     * descriptors it depends on (a descriptor no entry serves gives no edge). A berry lock's workspace entries name
     * the project's own dependencies, which become direct (as package-lock v2/v3's root and workspace entries do); a
     * classic lock does not record them.
     */
    void edgesInto(NpmLocks.Locked out) {
        dependsOn.forEach((from, descriptors) -> {
            for (String d : descriptors) {
                String to = resolve(d);
                if (to != null) {
                    out.needs(from, to);
                }
            }
        });
        if (!workspaces.isEmpty()) {
            out.graphKnown(true);
            workspaces.values().forEach(descriptors -> descriptors.forEach(d -> out.direct(resolve(d))));
        }
    }

    /** What a package.json declares: dependency name -> range, production and development. */
    record Manifest(Map<String, String> production, Map<String, String> development, boolean declaresWorkspaces) {}

    /**
     * name@version of the development-only packages, given the package.json beside the lock ({@code root}) and, for
     * a classic lock of a project with workspaces, the package.json files below it ({@code members}). A berry lock
     * names its workspaces' dependencies itself; it does not tell their dev dependencies apart, so those count as
     * production (a package is never marked dev on a guess).
     */
    Set<String> devOnly(Manifest root, List<Manifest> members) {
        List<String> production = new ArrayList<>();
        List<String> development = new ArrayList<>();
        List<String> rootEntry = workspaces.get(".");
        if (rootEntry != null) { // berry: the root's descriptors as the lock wrote them
            for (String descriptor : rootEntry) {
                int at = descriptor.indexOf('@', 1);
                String name = at < 0 ? descriptor : descriptor.substring(0, at);
                boolean dev = root.development().containsKey(name) && !root.production().containsKey(name);
                (dev ? development : production).add(descriptor);
            }
            workspaces.forEach((folder, descriptors) -> {
                if (!folder.equals(".")) {
                    production.addAll(descriptors);
                }
            });
        } else {
            for (Manifest m : root.declaresWorkspaces() ? concat(root, members) : List.of(root)) {
                m.production().forEach((name, range) -> production.add(name + "@" + range));
                m.development().forEach((name, range) -> development.add(name + "@" + range));
            }
        }
        Set<String> prod = reach(production);
        Set<String> dev = reach(development);
        dev.removeAll(prod);
        return dev;
    }

    /**
     * name@version of the packages the project names itself, for a classic lock (berry's say so in the lock, see
     * {@link #edgesInto}): the entries its package.json's dependencies of every kind resolve to, and, when it declares
     * workspaces, those of the package.json files below it, as package-lock v2/v3 marks them.
     */
    Set<String> direct(Manifest root, List<Manifest> members) {
        Set<String> direct = new HashSet<>();
        for (Manifest m : root.declaresWorkspaces() ? concat(root, members) : List.of(root)) {
            for (Map<String, String> declared : List.of(m.production(), m.development())) {
                declared.forEach((name, range) -> {
                    String key = resolve(name + "@" + range);
                    if (key != null) {
                        direct.add(key);
                    }
                });
            }
        }
        return direct;
    }

    /** Whether the lock names the project's own dependencies itself (berry's workspace entries). */
    boolean namesWorkspaces() {
        return !workspaces.isEmpty();
    }

    private static List<Manifest> concat(Manifest root, List<Manifest> members) {
        List<Manifest> all = new ArrayList<>(members);
        all.addFirst(root);
        return all;
    }

    /**
     * name@version of the entry a descriptor resolves to, or null. Berry locks before yarn 4 write a dependency's
     * range without its protocol ({@code b: ^2}) but key the entry with it ({@code b@npm:^2}); npm is yarn's
     * default protocol for a bare range.
     */
    private String resolve(String descriptor) {
        String key = resolves.get(descriptor);
        if (key == null) {
            int at = descriptor.indexOf('@', 1);
            if (at > 0 && !descriptor.startsWith("npm:", at + 1)) {
                key = resolves.get(descriptor.substring(0, at) + "@npm:" + descriptor.substring(at + 1));
            }
        }
        return key;
    }

    /** name@version of every entry the descriptors reach. */
    private Set<String> reach(List<String> descriptors) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> pending = new ArrayDeque<>();
        for (String d : descriptors) {
            String key = resolve(d);
            if (key != null && seen.add(key)) {
                pending.add(key);
            }
        }
        while (!pending.isEmpty()) {
            for (String d : dependsOn.getOrDefault(pending.poll(), List.of())) {
                String key = resolve(d);
                if (key != null && seen.add(key)) {
                    pending.add(key);
                }
            }
        }
        return seen;
    }
}
