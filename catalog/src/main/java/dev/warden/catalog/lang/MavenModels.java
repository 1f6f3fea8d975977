package dev.warden.catalog.lang;

import dev.warden.catalog.lang.MavenPom.Dependency;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Effective Maven models, built the way Maven 3 builds them, for the parts that decide dependencies: the parent chain
 * (found by {@code relativePath} in the tree, else by coordinates in the tree, else in the local repository),
 * inheritance of coordinates, properties, dependencies and dependency management, then {@code ${...}} interpolation in
 * the child's context ({@code project.*}, {@code pom.*}, inherited properties), then {@code import} BOMs, then
 * management applied to versions, scopes and exclusions. POMs come from the scanned tree first (a reactor's own
 * modules) and then the local repository; nothing is fetched. Each model is built once per scan.
 */
final class MavenModels {
    /** One effective model: coordinates, its dependencies (managed, interpolated) and its dependency management. */
    record Effective(String groupId, String artifactId, String version, String packaging, List<Dependency> dependencies,
            Map<String, Dependency> managed) {}

    /** A raw POM and where it was found: a tree path, or null for the local repository. */
    private record Source(MavenPom pom, String treePath, String name) {}

    private final Map<String, MavenPom> tree;
    private final Map<String, String> treeByGav = new HashMap<>();
    private final MavenLocalRepository repository;
    private final Consumer<String> warnings;
    private final Map<String, Optional<MavenPom>> repositoryPoms = new HashMap<>();
    private final Map<String, Effective> built = new HashMap<>();
    private final Set<String> building = new HashSet<>();
    private final Set<String> warned = new HashSet<>();
    private int pomsRead;

    MavenModels(Map<String, MavenPom> tree, MavenLocalRepository repository, Consumer<String> warnings) {
        this.tree = tree;
        this.repository = repository;
        this.warnings = warnings;
        tree.forEach((path, pom) -> {
            String g = pom.groupId() != null ? pom.groupId() : pom.parent() == null ? null : pom.parent().groupId();
            String v = pom.version() != null ? pom.version() : pom.parent() == null ? null : pom.parent().version();
            treeByGav.putIfAbsent(g + ":" + pom.artifactId() + ":" + v, path);
        });
    }

    /** The effective model of the tree's POM at {@code path}. */
    Effective ofTree(String path) {
        return build(new Source(tree.get(path), path, path), 0);
    }

    /** The effective model of groupId:artifactId:version from the tree or the local repository, when either has it. */
    Optional<Effective> of(String groupId, String artifactId, String version, int importDepth) {
        return find(groupId, artifactId, version).map(s -> build(s, importDepth));
    }

    private Optional<Source> find(String groupId, String artifactId, String version) {
        String gav = groupId + ":" + artifactId + ":" + version;
        String path = treeByGav.get(gav);
        if (path != null) {
            return Optional.of(new Source(tree.get(path), path, path));
        }
        Optional<MavenPom> pom = repositoryPoms.computeIfAbsent(gav, k -> readRepository(groupId, artifactId, version));
        return pom.map(p -> new Source(p, null, gav));
    }

    private Optional<MavenPom> readRepository(String groupId, String artifactId, String version) {
        if (pomsRead >= LangLimits.MAX_POMS_READ) {
            warnOnce("limit", "more than " + LangLimits.MAX_POMS_READ + " POMs read from the local repository: the rest are left out");
            return Optional.empty();
        }
        try {
            Optional<byte[]> bytes = repository.pom(groupId, artifactId, version);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            pomsRead++;
            return Optional.of(MavenPom.parse(bytes.get(), groupId + ":" + artifactId + ":" + version + " (local repository)"));
        } catch (WardenException e) {
            warnOnce(e.getMessage(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Effective build(Source source, int importDepth) {
        String key = source.treePath() != null ? "tree:" + source.treePath() : "repo:" + source.name();
        Effective done = built.get(key);
        if (done != null) {
            return done;
        }
        if (!building.add(key)) {
            warnOnce("cycle:" + key, source.name() + ": its parents or BOM imports lead back to itself; read without them");
            return new Effective(source.pom().groupId(), source.pom().artifactId(), source.pom().version(), source.pom().packaging(),
                    List.of(), Map.of());
        }
        try {
            Effective effective = assemble(source, importDepth);
            built.put(key, effective);
            return effective;
        } finally {
            building.remove(key);
        }
    }

    private Effective assemble(Source source, int importDepth) {
        List<MavenPom> chain = chain(source);
        MavenPom pom = source.pom();
        // inheritance: the top ancestor first, each child overriding
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, Dependency> dependencies = new LinkedHashMap<>();
        Map<String, Dependency> managedRaw = new LinkedHashMap<>();
        String groupId = null;
        String version = null;
        for (MavenPom p : chain.reversed()) {
            properties.putAll(p.properties());
            p.dependencies().forEach(d -> dependencies.put(d.key(), d));
            p.managed().forEach(d -> managedRaw.put(d.key(), d));
            groupId = p.groupId() != null ? p.groupId() : groupId;
            version = p.version() != null ? p.version() : version;
        }
        if (pom.parent() != null) {
            groupId = pom.groupId() != null ? pom.groupId() : pom.parent().groupId();
            version = pom.version() != null ? pom.version() : pom.parent().version();
            properties.put("project.parent.groupId", String.valueOf(pom.parent().groupId()));
            properties.put("project.parent.artifactId", String.valueOf(pom.parent().artifactId()));
            properties.put("project.parent.version", String.valueOf(pom.parent().version()));
        }
        String packaging = pom.packaging() == null ? "jar" : pom.packaging();
        for (String prefix : List.of("project.", "pom.", "")) {
            properties.putIfAbsent(prefix + "groupId", String.valueOf(groupId));
            properties.putIfAbsent(prefix + "artifactId", String.valueOf(pom.artifactId()));
            properties.putIfAbsent(prefix + "version", String.valueOf(version));
        }
        properties.put("project.packaging", packaging);
        MavenInterpolation values = new MavenInterpolation(properties);
        groupId = values.apply(groupId);
        version = values.apply(version);

        // management: the model's own (interpolated), then what its import BOMs manage, first import first
        Map<String, Dependency> managed = new LinkedHashMap<>();
        List<Dependency> imports = new ArrayList<>();
        for (Dependency d : managedRaw.values()) {
            Dependency m = values.apply(d);
            if ("import".equals(m.scope()) && "pom".equals(m.type())) {
                imports.add(m);
            } else {
                managed.putIfAbsent(m.key(), m);
            }
        }
        for (Dependency bom : imports) {
            if (importDepth >= LangLimits.MAX_POM_IMPORT_DEPTH) {
                warnOnce("imports:" + source.name(), source.name() + ": BOM imports nested deeper than "
                        + LangLimits.MAX_POM_IMPORT_DEPTH + " levels, the deeper ones not read");
                break;
            }
            Optional<Effective> imported = of(bom.groupId(), bom.artifactId(), bom.version(), importDepth + 1);
            if (imported.isEmpty()) {
                warnOnce("missing:" + bom.groupId() + ":" + bom.artifactId() + ":" + bom.version(), source.name()
                        + ": imported BOM " + bom.groupId() + ":" + bom.artifactId() + ":" + bom.version()
                        + " is neither in the tree nor in the local repository: versions it manages are unknown");
                continue;
            }
            imported.get().managed().forEach(managed::putIfAbsent);
        }

        List<Dependency> resolved = new ArrayList<>();
        for (Dependency raw : dependencies.values()) {
            Dependency d = values.apply(raw);
            Dependency m = managed.get(d.key());
            String v = d.version() != null ? d.version() : m == null ? null : m.version();
            String scope = d.scope() != null ? d.scope() : m != null && m.scope() != null ? m.scope() : "compile";
            List<String> exclusions = d.exclusions();
            if (m != null && !m.exclusions().isEmpty()) {
                exclusions = new ArrayList<>(d.exclusions());
                exclusions.addAll(m.exclusions());
            }
            resolved.add(d.with(v, scope, exclusions));
        }
        return new Effective(groupId, pom.artifactId(), version, packaging, List.copyOf(resolved), Collections.unmodifiableMap(managed));
    }

    /** The POM and its ancestors, nearest first, as far as they are found. */
    private List<MavenPom> chain(Source source) {
        List<MavenPom> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Source current = source;
        while (current != null) {
            chain.add(current.pom());
            MavenPom.Parent parent = current.pom().parent();
            if (parent == null) {
                break;
            }
            if (chain.size() > LangLimits.MAX_POM_PARENT_DEPTH) {
                warnOnce("depth:" + source.name(), source.name() + ": more than " + LangLimits.MAX_POM_PARENT_DEPTH
                        + " parents, the higher ones not read");
                break;
            }
            String gav = parent.groupId() + ":" + parent.artifactId() + ":" + parent.version();
            if (!seen.add(gav)) {
                warnOnce("loop:" + source.name(), source.name() + ": its parents form a loop at " + gav);
                break;
            }
            Source next = current.treePath() == null ? null : relativeParent(current.treePath(), parent);
            if (next == null) {
                next = find(parent.groupId(), parent.artifactId(), parent.version()).orElse(null);
            }
            if (next == null) {
                warnOnce("parent:" + gav, source.name() + ": parent " + gav
                        + " is neither in the tree nor in the local repository: what it declares and manages is unknown");
            }
            current = next;
        }
        return chain;
    }

    /** The parent at {@code relativePath} (default ../pom.xml) when the tree has it and it is that parent. */
    private Source relativeParent(String childPath, MavenPom.Parent parent) {
        String relative = parent.relativePath() == null ? "../pom.xml" : parent.relativePath();
        if (relative.isEmpty()) {
            return null;
        }
        if (!relative.endsWith(".xml")) {
            relative = relative + "/pom.xml";
        }
        String path = PipRequirementsCataloger.resolve(childPath, relative);
        MavenPom candidate = path == null ? null : tree.get(path);
        if (candidate == null || !parent.artifactId().equals(candidate.artifactId())) {
            return null;
        }
        String g = candidate.groupId() != null ? candidate.groupId() : candidate.parent() == null ? null : candidate.parent().groupId();
        return parent.groupId() != null && parent.groupId().equals(g) ? new Source(candidate, path, path) : null;
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warnings.accept(message);
        }
    }
}
