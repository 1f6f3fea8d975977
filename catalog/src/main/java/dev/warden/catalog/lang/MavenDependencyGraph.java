package dev.warden.catalog.lang;

import dev.warden.catalog.lang.MavenPom.Dependency;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project's dependencies with their transitive ones, resolved as Maven 3 resolves them (what
 * {@code mvn dependency:list} prints): breadth first, so the nearest declaration of an artifact wins and, at equal
 * depth, the first; test and provided dependencies of dependencies and optional ones are not followed; a
 * dependency's scope follows the scope of the path to it (compile under runtime is runtime, anything under test is
 * test, under provided is provided); exclusions are inherited down a path; the project's own dependency management
 * sets the version and scope of transitive dependencies. A conflict's loser widens the winner's scope when it is
 * wider (a test dependency also needed at compile time is compile), except that a direct declaration's scope stands.
 */
final class MavenDependencyGraph {
    /** A resolved dependency: the artifact, its scope, its depth (1 = declared by the project) and the artifact that brought it. */
    record Resolved(Dependency dependency, String scope, int depth, String via) {}

    private record Node(Dependency dependency, String scope, int depth, Set<String> exclusions, String via) {}

    private static final List<String> WIDTH = List.of("test", "provided", "runtime", "compile");

    private MavenDependencyGraph() {}

    /**
     * Resolves {@code project}'s dependencies; {@code missing} receives each artifact whose POM was not found
     * (its own dependencies are then unknown).
     */
    static List<Resolved> resolve(MavenModels.Effective project, MavenModels models, List<String> missing) {
        Map<String, Resolved> chosen = new LinkedHashMap<>();
        Map<String, Set<String>> chosenExclusions = new HashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        for (Dependency d : project.dependencies()) {
            queue.add(new Node(d, d.scope(), 1, new HashSet<>(d.exclusions()), null));
        }
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            Dependency d = node.dependency();
            Resolved known = chosen.get(d.key());
            if (known != null) {
                if (known.depth() > 1 && WIDTH.indexOf(node.scope()) > WIDTH.indexOf(known.scope())) {
                    // the winner keeps its version and place but takes the wider scope, and so do its own
                    // dependencies: Maven derives a child's scope from its parent's scope after mediation
                    Resolved widened = new Resolved(known.dependency(), node.scope(), known.depth(), known.via());
                    chosen.put(d.key(), widened);
                    expand(new Node(known.dependency(), node.scope(), known.depth(), chosenExclusions.get(d.key()), known.via()),
                            project, models, missing, queue, false);
                }
                continue;
            }
            chosen.put(d.key(), new Resolved(d, node.scope(), node.depth(), node.via()));
            chosenExclusions.put(d.key(), node.exclusions());
            expand(node, project, models, missing, queue, true);
        }
        return new ArrayList<>(chosen.values());
    }

    /** Queues the dependencies of {@code node}'s artifact under the scope of the path to it. */
    private static void expand(Node node, MavenModels.Effective project, MavenModels models, List<String> missing, Deque<Node> queue,
            boolean reportMissing) {
        Dependency d = node.dependency();
        if (d.version() == null || d.version().contains("${") || d.version().startsWith("[") || d.version().startsWith("(")
                || "system".equals(node.scope()) || node.depth() >= LangLimits.MAX_DEPENDENCY_DEPTH) {
            return; // no single version to read the POM of, or not resolved from a repository
        }
        Optional<MavenModels.Effective> model = models.of(d.groupId(), d.artifactId(), d.version(), 0);
        if (model.isEmpty()) {
            if (reportMissing) {
                missing.add(d.groupId() + ":" + d.artifactId() + ":" + d.version());
            }
            return;
        }
        String via = d.groupId() + ":" + d.artifactId() + ":" + d.version();
        for (Dependency child : model.get().dependencies()) {
            String childScope = child.scope() == null ? "compile" : child.scope();
            if (childScope.equals("test") || childScope.equals("provided") || childScope.equals("system")
                    || "true".equals(child.optional()) || excluded(child, node.exclusions())) {
                continue;
            }
            // selection looks at the declared scope; the project's management then sets version and scope,
            // and the path's scope decides what that scope becomes here
            Dependency managed = project.managed().get(child.key());
            Dependency next = child;
            if (managed != null) {
                next = child.with(managed.version() != null ? managed.version() : child.version(), child.scope(), child.exclusions());
                if (managed.scope() != null && !managed.scope().equals("import")) {
                    childScope = managed.scope();
                }
            }
            String scope = switch (node.scope()) {
                case "compile" -> childScope;
                case "runtime" -> childScope.equals("compile") ? "runtime" : childScope;
                case "provided" -> "provided";
                default -> "test";
            };
            Set<String> exclusions = new HashSet<>(node.exclusions());
            exclusions.addAll(child.exclusions());
            if (managed != null) {
                exclusions.addAll(managed.exclusions());
            }
            queue.add(new Node(next, scope, node.depth() + 1, exclusions, via));
        }
    }

    private static boolean excluded(Dependency d, Set<String> exclusions) {
        for (String e : exclusions) {
            int colon = e.indexOf(':');
            String g = colon < 0 ? e : e.substring(0, colon);
            String a = colon < 0 ? "*" : e.substring(colon + 1);
            if ((g.equals("*") || g.equals(d.groupId())) && (a.equals("*") || a.equals(d.artifactId()))) {
                return true;
            }
        }
        return false;
    }
}
