package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.catalog.lang.MavenPom.Dependency;
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
import java.util.Objects;
import java.util.TreeMap;

/**
 * Maven projects of a source tree: every {@code pom.xml}, with the dependencies {@code mvn dependency:list} would
 * print for it. Parents and imported BOMs come from the tree (by {@code relativePath}, then by coordinates: a
 * reactor's own modules) or from the local repository ({@link MavenLocalRepository}); dependencies' own POMs from the
 * same places give the transitive ones ({@link MavenDependencyGraph}). Nothing is fetched: what neither place holds is
 * one warning per project naming the missing POMs, and the declared dependencies are still listed. Each dependency
 * keeps its scope ({@value Declared#SCOPE}), test and provided ones are marked {@value Declared#DEV}, and direct ones
 * are told from transitive ones. POMs under {@code META-INF/maven} (copies inside unpacked archives, which the Java
 * archive cataloger reads) and {@code target} build folders are skipped.
 */
public final class PomCataloger implements Cataloger {
    private final MavenLocalRepository repository;

    /** Reads parents, BOMs and dependencies' POMs from {@code repository} too. */
    public PomCataloger(MavenLocalRepository repository) {
        this.repository = repository;
    }

    /** Reads the tree alone. */
    public PomCataloger() {
        this(new MavenLocalRepository(null));
    }

    @Override
    public String name() {
        return "maven-pom";
    }

    @Override
    public Session start(CatalogContext context) {
        return new PomSession(context);
    }

    private final class PomSession implements Session {
        private final CatalogContext context;
        private final Map<String, MavenPom> poms = new TreeMap<>();
        private final Map<String, FileEntry> entries = new LinkedHashMap<>();

        PomSession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            String path = entry.path();
            return entry.isFile() && entry.name().equals("pom.xml") && !path.contains("/META-INF/maven/")
                    && !path.contains("/target/");
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            try {
                poms.put(entry.path(), MavenPom.parse(Bounded.readAll(content, LangLimits.MAX_METADATA_BYTES, entry.path()), entry.path()));
                entries.put(entry.path(), entry);
            } catch (WardenException e) {
                context.warn(e.getMessage());
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) {
            MavenModels models = new MavenModels(poms, repository, context::warn);
            for (String path : poms.keySet()) {
                FileEntry entry = entries.get(path);
                Location location = new Location(path, entry.layerDiffId());
                MavenModels.Effective project = models.ofTree(path);
                List<String> missing = new ArrayList<>();
                int unresolved = 0;
                // each package with its coordinates, properties and the artifact that brought it, so the edges of
                // the graph (root -> direct, via -> transitive) can name packages by id before they are created
                String rootKey = project.groupId() + ":" + project.artifactId() + ":" + project.version();
                Map<String, LangPackages.Coordinates> coordinates = new LinkedHashMap<>();
                Map<String, Map<String, String>> properties = new LinkedHashMap<>();
                Map<String, List<String>> children = new LinkedHashMap<>();
                Map<String, String> gavs = new LinkedHashMap<>();
                coordinates.put(rootKey, new LangPackages.Coordinates("maven", project.groupId(), project.artifactId(), project.version()));
                properties.put(rootKey, Declared.of(Declared.ROOT, null, false));
                for (MavenDependencyGraph.Resolved r : MavenDependencyGraph.resolve(project, models, missing)) {
                    Dependency d = r.dependency();
                    String version = d.version();
                    Map<String, String> props = Declared.of(r.depth() == 1 ? Declared.DIRECT : Declared.INDIRECT, r.scope(),
                            r.scope().equals("test") || r.scope().equals("provided"));
                    if (version == null || version.contains("${")) {
                        unresolved++;
                        if (version != null) {
                            props.put(PackageProperties.MAVEN_VERSION_UNRESOLVED, version);
                        }
                        version = null;
                    }
                    if (d.type() != null && !d.type().equals("jar")) {
                        props.put(PackageProperties.MAVEN_TYPE, d.type());
                    }
                    // Maven's artifact handler gives a test-jar the classifier "tests"
                    String classifier = d.classifier() != null ? d.classifier() : "test-jar".equals(d.type()) ? "tests" : null;
                    if (classifier != null) {
                        props.put(PackageProperties.MAVEN_CLASSIFIER, classifier);
                    }
                    if (r.via() != null) {
                        props.put(PackageProperties.MAVEN_VIA, r.via());
                    }
                    String gav = d.groupId() + ":" + d.artifactId() + ":" + d.version();
                    String key = gav + ":" + d.key();
                    gavs.put(key, gav);
                    coordinates.put(key, new LangPackages.Coordinates("maven", d.groupId(), d.artifactId(), version));
                    properties.put(key, props);
                    children.computeIfAbsent(r.via() == null ? rootKey : r.via(), k -> new ArrayList<>()).add(key);
                }
                Map<String, String> ids = new LinkedHashMap<>();
                coordinates.forEach((key, c) -> {
                    try {
                        if (c.name() != null) {
                            ids.put(key, Declared.id(name(), c, path));
                        }
                    } catch (WardenException e) {
                        // no purl for it: add() warns when it is listed
                    }
                });
                coordinates.forEach((key, c) -> {
                    Map<String, String> props = properties.get(key);
                    List<String> edges = children.getOrDefault(gavs.getOrDefault(key, key), List.of()).stream()
                            .map(ids::get).filter(Objects::nonNull).distinct().toList();
                    if (!edges.isEmpty()) {
                        props.put(PackageProperties.DEPENDS_ON, String.join(" ", edges));
                    }
                    add(sink, c.namespace(), c.name(), c.version(), location, props);
                });
                if (unresolved > 0) {
                    context.warn(path + ": " + unresolved + " dependencies without a version that the POM, its parents or BOMs"
                            + " give: listed without one");
                }
                if (!missing.isEmpty()) {
                    context.warn(path + ": " + missing.size() + " dependencies' POMs are neither in the tree nor in the local"
                            + " repository" + (repository.exists() ? " (" + repository.root() + ")" : "")
                            + ", so their own dependencies are not listed (" + String.join(", ", missing.stream().limit(3).toList())
                            + (missing.size() > 3 ? ", ..." : "") + ")");
                }
            }
        }

        private void add(PackageSink sink, String groupId, String artifactId, String version, Location location,
                Map<String, String> props) {
            if (artifactId == null) {
                return;
            }
            try {
                sink.add(LangPackages.create(name(), new LangPackages.Coordinates("maven", groupId, artifactId, version),
                        List.of(), location, null, props));
            } catch (WardenException e) {
                context.warn(e.getMessage());
            }
        }
    }
}
