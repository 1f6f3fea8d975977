package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each lock format's parser on lock files the real tools wrote for one project (npm-locks/generated, see its README):
 * every format lists what {@code npm ls} lists for that project, and marks dev what {@code npm ls --omit=dev} leaves
 * out: package-lock and pnpm v5/v6 by their flags, pnpm v9 by its graph, yarn.lock (which has no flag) by the
 * package.json beside it.
 */
class NpmLockFormatsTest {
    private static final Path GENERATED = resource("npm-locks/generated");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"package-lock-v1", "package-lock-v2", "package-lock-v3", "yarn-classic", "yarn-berry",
            "pnpm-v5", "pnpm-v6", "pnpm-v9"})
    void everyFormatListsWhatNpmLsSays(String format) throws Exception {
        Set<String> all = npmLs(GENERATED.resolve("npm-ls-all.txt"));
        Set<String> dev = new TreeSet<>(all);
        dev.removeAll(npmLs(GENERATED.resolve("npm-ls-omit-dev.txt")));
        assertThat(dev).as("the project has dev-only packages and a package both sides reach")
                .containsExactly("@types/node@20.11.0", "to-regex-range@5.0.1", "undici-types@5.26.5");
        assertThat(all).contains("is-number@7.0.0", "is-odd@2.0.0");

        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), GENERATED.resolve(format));
        assertThat(result.warnings()).isEmpty();
        assertThat(names(result.packages())).isEqualTo(all);
        assertThat(names(result.packages().stream()
                .filter(p -> "true".equals(p.properties().get(PackageProperties.NPM_DEV))).toList())).isEqualTo(dev);
    }

    /**
     * Every format's dependency edges are the edges of npm's tree of the same project (package to package, by
     * name@version; the project and its workspace are not packages), each format resolving a dependency its own way
     * (folders, nested levels, descriptors, pnpm keys). Where the lock names the project's own dependencies
     * (package-lock v2/v3, yarn berry, pnpm; yarn classic by the package.json beside it) the direct marks are the
     * tree's top level and the workspace's; package-lock v1 does not record them and gets no mark.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"package-lock-v1", "package-lock-v2", "package-lock-v3", "yarn-classic", "yarn-berry",
            "pnpm-v5", "pnpm-v6", "pnpm-v9"})
    void everyFormatsEdgesAreNpmLsTreesEdges(String format) throws Exception {
        NpmTree tree = NpmTree.read(GENERATED.resolve("npm-ls-tree.txt"));
        assertThat(tree.edges()).as("the tree has nested copies, an alias and a deduped edge").containsExactly(
                "@types/node@20.11.0 -> undici-types@5.26.5", "is-odd@2.0.0 -> is-number@4.0.0",
                "is-odd@3.0.1 -> is-number@6.0.0", "to-regex-range@5.0.1 -> is-number@7.0.0");

        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), GENERATED.resolve(format));
        assertThat(result.warnings()).isEmpty();
        assertThat(edges(result.packages())).isEqualTo(tree.edges());
        Set<String> direct = names(result.packages().stream()
                .filter(p -> Declared.DIRECT.equals(p.properties().get(PackageProperties.RELATIONSHIP))).toList());
        if (format.equals("package-lock-v1")) {
            assertThat(result.packages()).noneMatch(p -> p.properties().containsKey(PackageProperties.RELATIONSHIP));
        } else {
            assertThat(direct).isEqualTo(tree.direct());
        }
    }

    /**
     * The hand-written locks of the same project (npm-locks/README.md), in the shapes the generated ones lack: pnpm
     * v5/v6 of a single project (dependencies at the top, no importers), a yarn classic lock with a local folder.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yarn-v1", "yarn-berry", "pnpm-v5", "pnpm-v6", "pnpm-v9"})
    void handWrittenLocksEdges(String format) throws Exception {
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), resource("npm-locks").resolve(format));
        assertThat(result.warnings()).isEmpty();
        assertThat(edges(result.packages())).containsExactly("@types/node@20.11.0 -> undici-types@5.26.5",
                "is-odd@2.0.0 -> is-number@4.0.0", "is-odd@3.0.1 -> is-number@6.0.0");
        Set<String> direct = names(result.packages().stream()
                .filter(p -> Declared.DIRECT.equals(p.properties().get(PackageProperties.RELATIONSHIP))).toList());
        if (format.equals("yarn-v1")) { // no package.json beside it
            assertThat(direct).isEmpty();
        } else {
            assertThat(direct).containsExactly("@sindresorhus/is@4.6.0", "@types/node@20.11.0", "is-number@7.0.0",
                    "is-odd@2.0.0", "is-odd@3.0.1");
        }
    }

    /** A dependency no entry serves gives no edge and no error; one naming itself and a cycle give their edges, once. */
    @Test
    void unresolvableSelfAndCyclicDependencies() throws Exception {
        NpmLocks.Locked yarn = new NpmLocks.Locked("yarn.lock");
        NpmLockCataloger.yarnLock("""
                # yarn lockfile v1

                a@^1:
                  version "1.0.0"
                  dependencies:
                    a "^1"
                    b "^2"
                    missing "^9"

                b@^2:
                  version "2.0.0"
                  dependencies:
                    a "^1"
                    b "^3"
                """, yarn);
        assertThat(yarn.names()).containsExactly("a@1.0.0", "b@2.0.0");
        assertThat(yarn.edges()).containsExactly("a@1.0.0 -> b@2.0.0", "b@2.0.0 -> a@1.0.0");

        NpmLocks.Locked pnpm = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                lockfileVersion: '9.0'
                importers:
                  .:
                    dependencies:
                      a: {specifier: ^1, version: 1.0.0}
                      w: {specifier: 'workspace:*', version: link:packages/w}
                packages:
                  a@1.0.0: {resolution: {integrity: sha512-a}}
                  b@2.0.0: {resolution: {integrity: sha512-b}}
                snapshots:
                  a@1.0.0:
                    dependencies: {a: 1.0.0, b: 2.0.0, missing: 9.0.0}
                  b@2.0.0:
                    dependencies: {a: 1.0.0, c: 'link:../c'}
                """, pnpm);
        assertThat(pnpm.edges()).containsExactly("a@1.0.0 -> b@2.0.0", "b@2.0.0 -> a@1.0.0");
        assertThat(pnpm.direct()).containsExactly("a@1.0.0");

        NpmLocks.Locked v1 = new NpmLocks.Locked("package-lock.json");
        PackageLockParser.parse(Json.read(new java.io.ByteArrayInputStream("""
                {"lockfileVersion": 1, "dependencies": {
                  "a": {"version": "1.0.0", "requires": {"a": "^1", "b": "^2", "missing": "^9"}},
                  "b": {"version": "2.0.0", "requires": {"a": "^1", "c": "^1"},
                        "dependencies": {"c": {"version": "1.5.0", "requires": {"b": "^2", "a": "^1"}}}},
                  "c": {"version": "1.0.0"}}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 1 << 20, "package-lock.json"), v1, null);
        // b's own nested c wins over the top-level c; c finds b and a going up
        assertThat(v1.edges()).containsExactly("a@1.0.0 -> b@2.0.0", "b@2.0.0 -> a@1.0.0", "b@2.0.0 -> c@1.5.0",
                "c@1.5.0 -> a@1.0.0", "c@1.5.0 -> b@2.0.0");
    }

    /**
     * Berry locks of yarn 2/3 write a dependency's range without the {@code npm:} its entry's key has; a dependency
     * on a patched package (yarn's built-in compat patches) names the patch descriptor: both find the package.
     */
    @Test
    void berryBareRangesAndPatchesResolve() throws Exception {
        NpmLocks.Locked berry = new NpmLocks.Locked("yarn.lock");
        NpmLockCataloger.yarnLock("""
                __metadata:
                  version: 6

                "app@workspace:.":
                  version: 0.0.0-use.local
                  resolution: "app@workspace:."
                  dependencies:
                    resolve: "patch:resolve@^1.20.0#~builtin<compat/resolve>"
                    is-odd: ^3.0.1

                "is-odd@npm:^3.0.1":
                  version: 3.0.1
                  resolution: "is-odd@npm:3.0.1"
                  dependencies:
                    is-number: ^6.0.0

                "is-number@npm:^6.0.0":
                  version: 6.0.0
                  resolution: "is-number@npm:6.0.0"

                "resolve@npm:^1.20.0":
                  version: 1.22.1
                  resolution: "resolve@npm:1.22.1"
                  dependencies:
                    is-odd: ^3.0.1

                "resolve@patch:resolve@^1.20.0#~builtin<compat/resolve>":
                  version: 1.22.1
                  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=c3c19d"
                  dependencies:
                    is-odd: ^3.0.1
                """, berry);
        assertThat(berry.names()).containsExactly("is-odd@3.0.1", "is-number@6.0.0", "resolve@1.22.1");
        assertThat(berry.edges()).containsExactly("is-odd@3.0.1 -> is-number@6.0.0", "resolve@1.22.1 -> is-odd@3.0.1");
        assertThat(berry.direct()).containsExactly("is-odd@3.0.1", "resolve@1.22.1");
    }

    /** pnpm references carry the peer set in each version's own way; an edge goes to the entry keyed with it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5.4|/react-dom/18.2.0_react@18.2.0|18.2.0_react@18.2.0|/react/18.2.0",
            "6.0|/react-dom@18.2.0(react@18.2.0)|18.2.0(react@18.2.0)|/react@18.2.0",
            "9.0|react-dom@18.2.0(react@18.2.0)|18.2.0(react@18.2.0)|react@18.2.0"})
    void pnpmPeerSuffixedReferences(String shape) throws Exception {
        String[] p = shape.split("\\|");
        String section = p[0].startsWith("9") ? "snapshots" : "packages";
        NpmLocks.Locked pnpm = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("lockfileVersion: '" + p[0] + "'\n"
                + "importers:\n  .:\n    dependencies:\n      react-dom: {specifier: ^18, version: '" + p[2] + "'}\n"
                + (section.equals("snapshots") ? "packages:\n  '" + p[1].replaceFirst("\\(.*", "") + "': {}\n  '" + p[3] + "': {}\n" : "")
                + section + ":\n  '" + p[1] + "':\n    dependencies:\n      react: 18.2.0\n  '" + p[3] + "': {}\n", pnpm);
        assertThat(pnpm.names()).containsExactlyInAnyOrder("react-dom@18.2.0", "react@18.2.0");
        assertThat(pnpm.edges()).containsExactly("react-dom@18.2.0 -> react@18.2.0");
        assertThat(pnpm.direct()).containsExactly("react-dom@18.2.0");
    }

    /** 100,000 entries in a chain, each needing the next and the first: read whole, every edge once. */
    @Test
    void aHundredThousandEntries() throws Exception {
        int n = 100_000;
        StringBuilder lock = new StringBuilder("# yarn lockfile v1\n\n");
        for (int i = 0; i < n; i++) {
            lock.append("p").append(i).append("@^1:\n  version \"1.0.").append(i).append("\"\n  dependencies:\n")
                    .append("    p").append((i + 1) % n).append(" \"^1\"\n    p0 \"^1\"\n\n");
        }
        NpmLocks.Locked yarn = new NpmLocks.Locked("yarn.lock");
        NpmLockCataloger.yarnLock(lock.toString(), yarn);
        assertThat(yarn.names()).hasSize(n);
        // each needs the next (the last needs p0) and p0 (p0 itself: no self edge; the last: the same edge)
        assertThat(yarn.edges()).hasSize(2 * n - 2).contains("p99999@1.0.99999 -> p0@1.0.0", "p5@1.0.5 -> p6@1.0.6");
    }

    /** Without the package.json beside it a yarn.lock says nothing of dev: no package is marked on a guess. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yarn-classic", "yarn-berry"})
    void yarnLockWithoutItsPackageJsonMarksNothing(String format, @TempDir Path dir) throws Exception {
        Files.copy(GENERATED.resolve(format).resolve("yarn.lock"), dir.resolve("yarn.lock"));
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), dir);
        assertThat(result.packages()).hasSize(npmLs(GENERATED.resolve("npm-ls-all.txt")).size());
        assertThat(result.packages()).noneMatch(p -> p.properties().containsKey(PackageProperties.NPM_DEV));
        if (format.equals("yarn-classic")) { // nor which the project names itself
            assertThat(result.packages()).noneMatch(p -> p.properties().containsKey(PackageProperties.RELATIONSHIP));
        }
    }

    /** A workspace's own dependencies are production ones: what only a workspace needs is not dev (classic reads its package.json). */
    @Test
    void yarnClassicWorkspaceDependenciesAreProduction(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("p");
        Files.createDirectories(project.resolve("packages/local"));
        for (String file : List.of("yarn.lock", "package.json", "packages/local/package.json")) {
            Files.copy(GENERATED.resolve("yarn-classic").resolve(file), project.resolve(file));
        }
        // the workspace now also needs the root's dev-only range helper: it is no longer dev-only
        Files.writeString(project.resolve("packages/local/package.json"),
                "{\"name\": \"local\", \"version\": \"0.1.0\", \"dependencies\": {\"is-number\": \"^6.0.0\", \"to-regex-range\": \"5.0.1\"}}");
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), project);
        assertThat(names(result.packages().stream()
                .filter(p -> "true".equals(p.properties().get(PackageProperties.NPM_DEV))).toList()))
                .containsExactly("@types/node@20.11.0", "undici-types@5.26.5");
    }

    /** A broken package.json beside a yarn.lock: one warning naming it; the packages stay listed, unmarked. */
    @Test
    void aBrokenPackageJsonBesideAYarnLockIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(GENERATED.resolve("yarn-classic/yarn.lock"), dir.resolve("yarn.lock"));
        Files.writeString(dir.resolve("package.json"), "{\"devDependencies\": ");
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), dir);
        assertThat(result.packages()).isNotEmpty().noneMatch(p -> p.properties().containsKey(PackageProperties.NPM_DEV));
        assertThat(result.warnings()).singleElement().asString().contains(dir.resolve("package.json").toString(), "no dev marks");
    }

    /** YAML aliases: Jackson would read one as its anchor's name, changing the data silently; refused, naming the file. */
    @Test
    void pnpmLockWithAYamlAliasIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pnpm-lock.yaml"), """
                lockfileVersion: '6.0'
                packages:
                  /a@1.0.0: &entry
                    resolution: {integrity: sha512-a}
                  /b@1.0.0: *entry
                """);
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), dir);
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).singleElement().asString()
                .contains(dir.resolve("pnpm-lock.yaml").toString(), "alias '*entry'", "refused");
    }

    /** pnpm 10 may write two YAML documents; the project's packages are in the second. */
    @Test
    void pnpmLockOfTwoDocuments() throws Exception {
        NpmLocks.Locked locked = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                ---
                lockfileVersion: '9.0'
                importers:
                  .:
                    configDependencies: {}
                ---
                lockfileVersion: '9.0'
                importers:
                  .:
                    devDependencies:
                      a:
                        specifier: ^1
                        version: 1.0.0
                packages:
                  a@1.0.0:
                    resolution: {integrity: sha512-a}
                snapshots:
                  a@1.0.0: {}
                """, locked);
        assertThat(locked.names()).containsExactly("a@1.0.0");
        assertThat(locked.dev()).containsExactly("a@1.0.0");
    }

    /** The frozen reference above is still what today's npm says of the package-lock (no registry asked). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"npm-ls-all.txt", "npm-ls-omit-dev.txt", "npm-ls-tree.txt"})
    @Tag("live") // runs npm
    void theFrozenNpmLsIsStillWhatNpmSays(String frozen) throws Exception {
        Path project = GENERATED.resolve("package-lock-v3");
        List<String> command = new java.util.ArrayList<>(List.of("npm", "ls", "--all", "--package-lock-only"));
        if (!frozen.contains("tree")) {
            command.addAll(List.of("--parseable", "--long"));
        }
        if (frozen.contains("omit-dev")) {
            command.add("--omit=dev");
        }
        String today = Tools.run(project, command.toArray(String[]::new)).replace(project.toString(), ".");
        assertThat(today.lines().filter(l -> !l.isBlank()).toList()).as("npm ls on package-lock-v3; if it changed, run make.sh again")
                .isEqualTo(Files.readAllLines(GENERATED.resolve(frozen)).stream().filter(l -> !l.isBlank()).toList());
    }

    /** The edges (from -> to, name@version) and top-level names of {@code npm ls --all}'s tree, aliases by their real name. */
    record NpmTree(Set<String> edges, Set<String> direct) {
        static NpmTree read(Path listing) throws Exception {
            Set<String> edges = new TreeSet<>();
            Set<String> direct = new TreeSet<>();
            List<String> path = new java.util.ArrayList<>(); // the spec at each depth; null for the project and its workspaces
            List<String> lines = Files.readAllLines(listing).stream().filter(l -> !l.isBlank()).toList();
            for (String line : lines.subList(1, lines.size())) { // the first line is the project itself
                int start = 0;
                while (start < line.length() && "│├└─┬ ".indexOf(line.charAt(start)) >= 0) {
                    start++;
                }
                int depth = (start - 4) / 2; // "├── " at depth 0, "│ └── " at depth 1
                String spec = line.substring(start).replace(" deduped", "");
                boolean workspace = spec.contains(" -> ");
                int alias = spec.indexOf("@npm:");
                String node = workspace ? null : alias > 0 ? spec.substring(alias + "@npm:".length()) : spec;
                String parent = depth == 0 ? null : path.get(depth - 1);
                if (node != null && (depth == 0 || parent == null)) {
                    direct.add(node); // named by the project or by one of its workspaces
                } else if (node != null) {
                    edges.add(parent + " -> " + node);
                }
                while (path.size() > depth) {
                    path.removeLast();
                }
                path.add(node);
            }
            return new NpmTree(edges, direct);
        }
    }

    /** from -> to (name@version) of the packages' warden:depends-on. */
    private static Set<String> edges(List<Package> packages) {
        java.util.Map<String, String> byId = new java.util.HashMap<>();
        packages.forEach(p -> byId.put(p.id(), (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + p.version()));
        Set<String> out = new TreeSet<>();
        for (Package p : packages) {
            String needs = p.properties().get(PackageProperties.DEPENDS_ON);
            if (needs != null) {
                for (String id : needs.split(" ")) {
                    out.add(byId.get(p.id()) + " -> " + byId.getOrDefault(id, "unknown " + id));
                }
            }
        }
        return out;
    }

    /** name@version of every package in an {@code npm ls --parseable --long} listing (aliases by their real name, links left out). */
    static Set<String> npmLs(Path listing) throws Exception {
        Set<String> out = new TreeSet<>();
        List<String> lines = Files.readAllLines(listing).stream().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) { // the first line is the project itself
            String spec = line.substring(line.indexOf(':') + 1);
            if (spec.contains(":.") || spec.contains(":/")) {
                continue; // a link to a workspace folder
            }
            int alias = spec.indexOf("@npm:");
            out.add(alias > 0 ? spec.substring(alias + "@npm:".length()) : spec);
        }
        return out;
    }

    private static Set<String> names(List<Package> packages) {
        return packages.stream().map(p -> (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + p.version())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path resource(String name) {
        try {
            return Path.of(NpmLockFormatsTest.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
