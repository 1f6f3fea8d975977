package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * yarn berry's (v2+) {@code yarn.lock}, which is YAML: a {@code __metadata} entry, then one entry per resolution,
 * keyed by the descriptors it serves ({@code "a@npm:^1, a@npm:^1.2"}), with {@code version}, {@code resolution}
 * ({@code "name@npm:1.2.3"}: the real name behind an alias) and {@code dependencies}. Project entries
 * ({@code workspace:}, {@code link:}, {@code portal:}, {@code file:}) and {@code patch:} copies of a package listed
 * on its own are left out; a git or tarball entry keeps the version its package.json gives.
 */
final class YarnBerryLockParser {
    private YarnBerryLockParser() {}

    /** Whether a yarn.lock's text is berry's (its {@code __metadata} entry), else classic's. */
    static boolean isBerry(String text) {
        return text.startsWith("__metadata:") || text.contains("\n__metadata:");
    }

    static void parse(JsonNode lock, NpmLocks.Locked out, YarnGraph graph) {
        if (!lock.isObject()) {
            throw new WardenException(out.path() + ": not a yarn lock file (no entries)");
        }
        for (Map.Entry<String, JsonNode> e : lock.properties()) {
            JsonNode entry = e.getValue();
            if (e.getKey().equals("__metadata") || !entry.isObject()) {
                continue;
            }
            List<String> descriptors = new ArrayList<>();
            for (String d : e.getKey().split(",")) {
                descriptors.add(d.strip());
            }
            List<String> dependencies = new ArrayList<>();
            for (String kind : List.of("dependencies", "optionalDependencies")) {
                for (Map.Entry<String, JsonNode> d : entry.path(kind).properties()) {
                    dependencies.add(d.getKey() + "@" + d.getValue().asText());
                }
            }
            String version = NpmLocks.scalar(entry, "version");
            String resolution = NpmLocks.scalar(entry, "resolution");
            if (resolution == null) {
                YarnClassicLockParser.addDescriptor(descriptors.getFirst(), version, out);
                continue;
            }
            int at = resolution.indexOf('@', 1);
            if (at < 0) {
                continue;
            }
            String name = resolution.substring(0, at);
            String reference = resolution.substring(at + 1);
            if (reference.startsWith("workspace:")) {
                graph.workspace(reference.substring("workspace:".length()), dependencies);
            } else if (reference.startsWith("npm:")) {
                out.add(name, reference.substring(4), false, List.of());
                graph.entry(descriptors, name + "@" + reference.substring(4), dependencies);
            } else if (reference.startsWith("patch:")) {
                // a patched copy of a package listed on its own ("patch:name@npm%3A1.2.3#..."): not listed again, but
                // dependents naming the patch descriptor need that package
                String patched = reference.substring("patch:".length()).split("#", 2)[0].replace("%3A", ":");
                int patchedAt = patched.indexOf('@', 1);
                if (patchedAt > 0 && patched.startsWith("npm:", patchedAt + 1)) {
                    graph.entry(descriptors, patched.substring(0, patchedAt) + "@" + patched.substring(patchedAt + 1 + 4), dependencies);
                }
            } else if (!NpmLocks.isLocal(reference) && !reference.startsWith("exec:")) {
                out.add(name, version, false, List.of()); // git or tarball: the version its package.json gives
                graph.entry(descriptors, name + "@" + version, dependencies);
            }
        }
    }
}
