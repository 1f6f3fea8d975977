package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pnpm's {@code pnpm-lock.yaml}: the entries of the top-level {@code packages} and (v9) {@code snapshots} maps. Keys
 * are "/name/1.2.3_peer" (v5), "/name@1.2.3(peer)" (v6) or "name@1.2.3(peer)" (v9), scoped names included;
 * entries not from the registry (git, tarballs) carry {@code name} and {@code version} fields, which win over the
 * key. v5/v6 mark development-only packages {@code dev: true}; for v9 the mark is derived from the dependency graph
 * ({@link #devOnly}). Dependency edges and direct marks come from the entries' and importers' references
 * ({@link #edges}). A file of several YAML documents (pnpm 10 puts its own tool's lock first) is read document by
 * document.
 */
final class PnpmLockParser {
    private PnpmLockParser() {}

    /** When no lockfileVersion says otherwise, keys are read the current way. */
    private static final int CURRENT_MAJOR = 9;

    static void parse(List<JsonNode> documents, NpmLocks.Locked out) {
        boolean versioned = false;
        for (JsonNode lock : documents) {
            if (lock == null || !lock.isObject()) {
                continue;
            }
            String lockfileVersion = NpmLocks.scalar(lock, "lockfileVersion");
            versioned |= lockfileVersion != null;
            int major = lockfileVersion == null ? CURRENT_MAJOR : majorVersion(lockfileVersion);
            Map<String, String> ids = new HashMap<>(); // entry key -> name@version as listed
            for (String section : List.of("packages", "snapshots")) {
                for (Map.Entry<String, JsonNode> e : lock.path(section).properties()) {
                    JsonNode fields = e.getValue();
                    String id = add(e.getKey(), NpmLocks.scalar(fields, "name"), NpmLocks.scalar(fields, "version"),
                            fields.path("dev").asBoolean(false) && fields.path("dev").isBoolean(), major, out);
                    if (id != null) {
                        ids.put(e.getKey(), id);
                    }
                }
            }
            if (major >= 9) {
                out.markDev(devOnly(lock));
            }
            edges(lock, major, ids, out);
        }
        if (!versioned && out.isEmpty() && documents.stream().anyMatch(d -> d != null && !d.isMissingNode() && !d.isNull())) {
            throw new WardenException(out.path() + ": not a pnpm lock file (no lockfileVersion, no entries)");
        }
    }

    private static String add(String key, String name, String version, boolean dev, int major, NpmLocks.Locked out) {
        String k = key.startsWith("/") ? key.substring(1) : key;
        if (version != null && (name != null || major >= 6)) {
            // v9 gives a git or tarball entry its version but keeps the name only in the key
            int at = k.indexOf('@', 1);
            return added(name != null ? name : at > 0 ? k.substring(0, at) : null, version, dev, out);
        }
        if (major < 6) { // name/version_peers, or @scope/name/version_peers
            String[] parts = k.split("/");
            boolean scoped = k.startsWith("@");
            if (key.startsWith("/") && parts.length == (scoped ? 3 : 2)) {
                String v = parts[parts.length - 1];
                int underscore = v.indexOf('_');
                return added(scoped ? parts[0] + "/" + parts[1] : parts[0], underscore > 0 ? v.substring(0, underscore) : v, dev, out);
            }
            return null;
        }
        k = withoutPeers(k);
        int at = k.indexOf('@', 1);
        return at > 0 ? added(k.substring(0, at), k.substring(at + 1), dev, out) : null;
    }

    /** Adds name@version; returns it when the lock now lists it (an entry without a registry version is refused). */
    private static String added(String name, String version, boolean dev, NpmLocks.Locked out) {
        out.add(name, version, dev, List.of());
        String id = name + "@" + version;
        return out.has(id) ? id : null;
    }

    /**
     * The edges pnpm resolved: an entry's {@code dependencies} and {@code optionalDependencies} map a name to the
     * key of the entry it installed, written short ({@code 1.2.3}, with v5's {@code _peer} or v6/v9's
     * {@code (peer)} suffix) or whole for an alias or a non-registry entry ({@code /real/1.2.3} in v5,
     * {@code /real@1.2.3} in v6, {@code real@1.2.3} in v9). v9 keeps them in {@code snapshots}, earlier versions in
     * {@code packages}. The importers (the project and its workspaces; a v5/v6 lock of one project writes its
     * dependencies at the top) name the direct ones, as package-lock v2/v3's root and workspace entries do. A
     * reference to no entry ({@code link:} to a workspace, an entry left out) gives no edge.
     */
    private static void edges(JsonNode lock, int major, Map<String, String> ids, NpmLocks.Locked out) {
        for (String section : List.of("packages", "snapshots")) {
            for (Map.Entry<String, JsonNode> e : lock.path(section).properties()) {
                String from = ids.get(e.getKey());
                if (from == null) {
                    continue;
                }
                for (String kind : List.of("dependencies", "optionalDependencies")) {
                    for (Map.Entry<String, JsonNode> d : e.getValue().path(kind).properties()) {
                        String to = d.getValue().isValueNode() ? resolve(d.getKey(), d.getValue().asText(), major, ids) : null;
                        if (to != null) {
                            out.needs(from, to);
                        }
                    }
                }
            }
        }
        List<JsonNode> importers = new ArrayList<>();
        lock.path("importers").forEach(importers::add);
        if (importers.isEmpty() && (lock.has("dependencies") || lock.has("devDependencies") || lock.has("optionalDependencies"))) {
            importers.add(lock);
        }
        if (!importers.isEmpty()) {
            out.graphKnown(true);
        }
        for (JsonNode importer : importers) {
            for (String kind : List.of("dependencies", "optionalDependencies", "devDependencies")) {
                for (Map.Entry<String, JsonNode> d : importer.path(kind).properties()) {
                    // v6/v9: {specifier, version}; v5: the version itself
                    String reference = d.getValue().isObject() ? NpmLocks.scalar(d.getValue(), "version")
                            : d.getValue().isValueNode() ? d.getValue().asText() : null;
                    if (reference != null) {
                        out.direct(resolve(d.getKey(), reference, major, ids));
                    }
                }
            }
        }
    }

    /** The name@version of the entry a dependency reference names, or null when no entry is keyed so. */
    private static String resolve(String name, String reference, int major, Map<String, String> ids) {
        String key;
        if (major >= 9) {
            key = snapshotKey(name, reference);
        } else if (reference.startsWith("/")) {
            key = reference;
        } else {
            key = "/" + name + (major >= 6 ? "@" : "/") + reference;
        }
        String id = ids.get(key);
        return id != null ? id : ids.get(reference); // a git or tarball entry is keyed by its reference as written
    }

    /**
     * pnpm v9 no longer writes {@code dev: true}; it is derived the way pnpm itself did: a package is
     * development-only when every copy of it ({@code snapshots} key, one per peer set) is reached from the importers'
     * {@code devDependencies} and none from their {@code dependencies} or {@code optionalDependencies}. Returns
     * name@version of those.
     */
    static Set<String> devOnly(JsonNode lock) {
        List<String> prodRoots = new ArrayList<>();
        List<String> devRoots = new ArrayList<>();
        for (JsonNode importer : lock.path("importers")) {
            for (String kind : List.of("dependencies", "optionalDependencies", "devDependencies")) {
                for (Map.Entry<String, JsonNode> d : importer.path(kind).properties()) {
                    String version = NpmLocks.scalar(d.getValue(), "version");
                    if (version != null) {
                        (kind.equals("devDependencies") ? devRoots : prodRoots).add(snapshotKey(d.getKey(), version));
                    }
                }
            }
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (Map.Entry<String, JsonNode> snapshot : lock.path("snapshots").properties()) {
            for (String kind : List.of("dependencies", "optionalDependencies")) {
                for (Map.Entry<String, JsonNode> d : snapshot.getValue().path(kind).properties()) {
                    if (d.getValue().isValueNode()) {
                        edges.computeIfAbsent(snapshot.getKey(), k -> new ArrayList<>())
                                .add(snapshotKey(d.getKey(), d.getValue().asText()));
                    }
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
            return CURRENT_MAJOR; // unknown: read keys the current way
        }
    }
}
