package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.catalog.CatalogContext;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * npm, yarn and pnpm lock files of projects whose packages are not installed, one parser per format:
 * {@code package-lock.json} and {@code npm-shrinkwrap.json} ({@link PackageLockParser}), {@code yarn.lock} classic
 * ({@link YarnClassicLockParser}) and berry ({@link YarnBerryLockParser}), {@code pnpm-lock.yaml}
 * ({@link PnpmLockParser}); what they share is in {@link NpmLocks}.
 * A lock file speaks for the {@code node_modules} folder beside it, installed or not ({@link #LOCK_FILES}; the
 * installed copies there are then left to it, see {@link NpmPackageCataloger}): a source tree and the image built
 * from it then list the same packages, and the lock's dev mark says which ones a production install leaves out.
 * Lock files inside node_modules belong to published packages (or are npm's hidden lock file) and install nothing.
 *
 * <p>Development dependencies are kept, marked {@value PackageProperties#NPM_DEV}{@code =true} where the lock file
 * says so (package-lock.json, pnpm v5/v6), where its graph says so (pnpm v9), or, for yarn.lock, which records no
 * dev flag, where the package.json beside it says so ({@link YarnGraph}; no package.json, no marks): the lock cannot
 * tell whether the image was built with them, and dropping them would hide packages that may be present; the mark
 * lets policies tell them apart.
 */
public final class NpmLockCataloger extends FileParsingCataloger {
    /** The lock files this cataloger reads, which speak for the node_modules beside them. */
    static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml");

    /** package.json files read for the yarn.lock files of one run; the largest monorepos have a few hundred workspaces. */
    private static final int MAX_WORKSPACE_MANIFESTS = 5_000;

    @Override
    public String name() {
        return "npm-lock";
    }

    @Override
    public String version() {
        return "4"; // 2: yarn.lock packages gained dev marks; 3: package-lock v2/v3 edges (warden:depends-on);
        // 4: edges of package-lock v1, yarn.lock and pnpm-lock.yaml, direct marks of yarn.lock and pnpm
    }

    @Override
    boolean wants(FileEntry entry) {
        String name = entry.name();
        return LOCK_FILES.contains(name) && !entry.path().contains("/node_modules/");
    }

    /** The yarn.lock graphs of one run, by the lock's path, for the dev marks set once the package.json files are read. */
    @Override
    Object startRun() {
        return new HashMap<String, YarnGraph>();
    }

    @Override
    @SuppressWarnings("unchecked")
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        NpmLocks.Locked locked = new NpmLocks.Locked(entry.path());
        try {
            switch (entry.name()) {
                case "yarn.lock" -> {
                    YarnGraph graph = new YarnGraph();
                    ((Map<String, YarnGraph>) found.run()).put(entry.path(), graph);
                    yarnLock(Declared.text(content, entry.path()), locked, graph);
                }
                case "pnpm-lock.yaml" -> PnpmLockParser.parse(
                        Declared.yamlDocuments(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), entry.path()), locked);
                default -> PackageLockParser.parse(Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), locked, found.licenses());
            }
        } finally {
            // a file cut short by a limit keeps what was read before it, as the OS databases do
            for (NpmLocks.LockedPackage p : locked.packages()) {
                Map<String, String> props = new LinkedHashMap<>();
                if (p.dev) {
                    props.put(PackageProperties.NPM_DEV, "true");
                }
                if (locked.graphKnown()) {
                    props.put(PackageProperties.RELATIONSHIP, p.direct ? Declared.DIRECT : Declared.INDIRECT);
                }
                List<String> needs = new ArrayList<>();
                for (NpmLocks.LockedPackage to : locked.needs(p)) {
                    try {
                        needs.add(Declared.id(name(), Npm.coordinates(to.name, to.version), entry.path()));
                    } catch (WardenException ignored) {
                        // no purl for it: its own add() reports it
                    }
                }
                if (!needs.isEmpty()) {
                    props.put(PackageProperties.DEPENDS_ON, String.join(" ", needs));
                }
                found.add(Npm.coordinates(p.name, p.version), p.licenses, props);
            }
        }
    }

    /** A yarn.lock's text, classic or berry. */
    static void yarnLock(String text, NpmLocks.Locked out) throws IOException {
        yarnLock(text, out, new YarnGraph());
    }

    private static void yarnLock(String text, NpmLocks.Locked out, YarnGraph graph) throws IOException {
        try {
            if (YarnBerryLockParser.isBerry(text)) {
                YarnBerryLockParser.parse(Declared.yaml(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out.path()),
                        out, graph);
            } else {
                YarnClassicLockParser.parse(text, out, graph);
            }
        } finally {
            graph.edgesInto(out); // a file cut short by a limit keeps the edges of what was read
        }
    }

    /** A pnpm-lock.yaml's text. */
    static void pnpmLock(String text, NpmLocks.Locked out) throws IOException {
        PnpmLockParser.parse(Declared.yamlDocuments(text.getBytes(StandardCharsets.UTF_8), out.path()), out);
    }

    /**
     * yarn.lock packages get their dev marks from the package.json beside the lock (and its workspaces'); a classic
     * lock's packages their direct marks too (a berry lock names the project's dependencies itself).
     */
    @Override
    @SuppressWarnings("unchecked")
    List<Package> complete(List<Package> packages, FileSystemView files, CatalogContext context, Object run) {
        Map<String, YarnGraph> graphs = (Map<String, YarnGraph>) run;
        if (graphs.isEmpty()) {
            return packages;
        }
        Map<String, YarnGraph.Manifest> manifests = readManifests(graphs.keySet(), files, context);
        Map<String, Set<String>> devByLock = new HashMap<>();
        Map<String, Set<String>> directByLock = new HashMap<>(); // classic locks: what the package.json names
        graphs.forEach((lock, graph) -> {
            String dir = folder(lock);
            YarnGraph.Manifest root = manifests.get(dir + "/package.json");
            if (root != null) {
                List<YarnGraph.Manifest> members = new ArrayList<>();
                manifests.forEach((path, m) -> {
                    if (path.startsWith(dir + "/") && !path.equals(dir + "/package.json")) {
                        members.add(m);
                    }
                });
                devByLock.put(lock, graph.devOnly(root, members));
                if (!graph.namesWorkspaces()) {
                    directByLock.put(lock, graph.direct(root, members));
                }
            }
        });
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            String lock = p.locations().getFirst().path();
            Set<String> dev = devByLock.get(lock);
            String key = (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + p.version();
            if (dev != null && dev.contains(key)) {
                p = p.withProperty(PackageProperties.NPM_DEV, "true");
            }
            Set<String> direct = directByLock.get(lock);
            if (direct != null) {
                p = p.withProperty(PackageProperties.RELATIONSHIP, direct.contains(key) ? Declared.DIRECT : Declared.INDIRECT);
            }
            out.add(p);
        }
        return out;
    }

    /**
     * The package.json beside each yarn.lock and those below it outside node_modules (its workspaces, used when it
     * declares some), by path. One that cannot be read gives a warning; its lock then gets no dev marks.
     */
    private static Map<String, YarnGraph.Manifest> readManifests(Set<String> locks, FileSystemView files, CatalogContext context) {
        List<String> dirs = locks.stream().map(NpmLockCataloger::folder).toList();
        Map<String, YarnGraph.Manifest> manifests = new HashMap<>();
        int[] count = {0};
        try {
            files.read(e -> e.isFile() && e.name().equals("package.json") && !e.path().contains("/node_modules/")
                    && dirs.stream().anyMatch(d -> e.path().startsWith(d + "/")), (entry, content) -> {
                if (++count[0] > MAX_WORKSPACE_MANIFESTS) {
                    return;
                }
                try {
                    manifests.put(entry.path(), manifest(Json.read(content, LangLimits.MAX_METADATA_BYTES, entry.path())));
                } catch (IOException | RuntimeException e) {
                    String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                    context.warn(entry.path() + ": could not read it for the yarn.lock beside it (" + why + "); no dev marks from it");
                }
            });
        } catch (IOException e) {
            context.warn("package.json files beside yarn.lock unreadable (" + e.getMessage() + "); no dev marks for yarn.lock");
            return Map.of();
        }
        if (count[0] > MAX_WORKSPACE_MANIFESTS) {
            // a workspace left unread could need a package production needs: no mark is better than a wrong one
            context.warn("more than " + MAX_WORKSPACE_MANIFESTS + " package.json files below yarn.lock files; no dev marks for yarn.lock");
            return Map.of();
        }
        return manifests;
    }

    private static YarnGraph.Manifest manifest(JsonNode json) {
        if (!json.isObject()) {
            throw new WardenException("not a JSON object");
        }
        Map<String, String> production = new LinkedHashMap<>();
        for (String kind : List.of("dependencies", "optionalDependencies")) {
            json.path(kind).properties().forEach(d -> production.put(d.getKey(), d.getValue().asText()));
        }
        Map<String, String> development = new LinkedHashMap<>();
        json.path("devDependencies").properties().forEach(d -> development.put(d.getKey(), d.getValue().asText()));
        JsonNode workspaces = json.path("workspaces");
        return new YarnGraph.Manifest(production, development, workspaces.isArray() && !workspaces.isEmpty() || workspaces.isObject());
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
