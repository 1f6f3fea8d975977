package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * uv's {@code uv.lock}: each {@code [[package]]} with its {@code dependencies}. The project itself and workspace
 * members ({@code source = { editable = ... }} or {@code { virtual = ... }}) are the roots; what their
 * {@code dependencies} and {@code optional-dependencies} reach is production, direct when a root names it; what only
 * their {@code dev-dependencies} reach is marked development-only.
 */
public final class UvLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "python-uv-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("uv.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode packages = Declared.toml(content, entry.path()).path("package");
        if (!packages.isArray()) {
            throw new WardenException(entry.path() + ": no [[package]] tables, not a uv.lock, skipped");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        Set<String> roots = new HashSet<>();
        for (JsonNode p : packages) {
            String name = Json.text(p, "name");
            if (name == null) {
                continue;
            }
            byName.putIfAbsent(name, p);
            if (p.path("source").has("editable") || p.path("source").has("virtual")) {
                roots.add(name);
            }
        }
        Set<String> direct = new HashSet<>();
        Deque<String> production = new ArrayDeque<>();
        Deque<String> development = new ArrayDeque<>();
        for (String root : roots) {
            JsonNode p = byName.get(root);
            names(p.path("dependencies"), production);
            p.path("optional-dependencies").forEach(group -> names(group, production));
            p.path("dev-dependencies").forEach(group -> names(group, development));
            direct.addAll(production);
            direct.addAll(development);
        }
        Set<String> prodReached = reach(production, byName);
        Set<String> devReached = reach(development, byName);
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            try {
                ids.put(e.getKey(), Declared.id(name(), new LangPackages.Coordinates("pypi", null, e.getKey(),
                        Json.text(e.getValue(), "version")), entry.path()));
            } catch (WardenException ignored) {
                // no purl for it: add() reports it
            }
        }
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            String version = Json.text(e.getValue(), "version");
            boolean root = roots.contains(e.getKey());
            String relationship = root ? Declared.ROOT : roots.isEmpty() ? null : direct.contains(e.getKey()) ? Declared.DIRECT : Declared.INDIRECT;
            boolean dev = !root && !prodReached.contains(e.getKey()) && devReached.contains(e.getKey());
            Map<String, String> props = Declared.of(relationship, null, dev);
            Deque<String> needs = new ArrayDeque<>();
            names(e.getValue().path("dependencies"), needs);
            if (root) {
                e.getValue().path("optional-dependencies").forEach(group -> names(group, needs));
                e.getValue().path("dev-dependencies").forEach(group -> names(group, needs));
            }
            List<String> edges = needs.stream().map(ids::get).filter(Objects::nonNull).distinct().toList();
            if (!edges.isEmpty()) {
                props.put(PackageProperties.DEPENDS_ON, String.join(" ", edges));
            }
            found.add(new LangPackages.Coordinates("pypi", null, e.getKey(), version), List.of(), props);
        }
    }

    private static void names(JsonNode dependencies, Deque<String> out) {
        dependencies.forEach(d -> {
            String name = Json.text(d, "name");
            if (name != null) {
                out.add(name);
            }
        });
    }

    /** Everything reachable from {@code start} through the packages' dependencies, extras included. */
    private static Set<String> reach(Deque<String> start, Map<String, JsonNode> byName) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            String name = queue.poll();
            JsonNode p = byName.get(name);
            if (!seen.add(name) || p == null) {
                continue;
            }
            names(p.path("dependencies"), queue);
            p.path("optional-dependencies").forEach(group -> names(group, queue));
        }
        return seen;
    }
}
