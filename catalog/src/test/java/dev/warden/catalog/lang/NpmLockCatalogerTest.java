package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpmLockCatalogerTest {
    /**
     * The npm test project: a nested copy (is-odd needs another is-number), a scoped name, an alias, a
     * workspace (a link in the lock) with its own nested copy, and dev dependencies.
     */
    private static final String PACKAGE_JSON = """
            {"name": "t", "version": "1.0.0", "workspaces": ["packages/local"],
             "dependencies": {"is-odd": "3.0.1", "is-number": "7.0.0", "@sindresorhus/is": "4.6.0", "odd-alias": "npm:is-odd@2.0.0"},
             "devDependencies": {"@types/node": "20.11.0"}}
            """;
    private static final String LOCAL_PACKAGE_JSON = """
            {"name": "local", "version": "0.1.0", "dependencies": {"is-number": "^6.0.0"}}
            """;
    /** Lock files npm wrote for the project, kept between runs so the registry is asked once. */
    private static final Path CACHE = Path.of("target", "npm-locks");

    /** What the hand-written yarn and pnpm fixtures describe (the same project; see their README). */
    private static final Set<String> FIXTURE_PACKAGES = Set.of("is-odd@3.0.1", "is-number@6.0.0", "is-number@7.0.0",
            "@sindresorhus/is@4.6.0", "is-odd@2.0.0", "is-number@4.0.0", "@types/node@20.11.0", "undici-types@5.26.5");
    private static final Set<String> FIXTURE_DEV = Set.of("@types/node@20.11.0", "undici-types@5.26.5");

    /** A real-world tree: a web framework and, for development, a test runner (141 packages, 69 of them dev-only, when written). */
    private static final String EXPRESS_PACKAGE_JSON = """
            {"name": "e", "version": "1.0.0", "dependencies": {"express": "4.21.2"}, "devDependencies": {"mocha": "10.8.2"}}
            """;

    /** The real npm writes the lock; {@code npm ls --all --package-lock-only} says what it holds. */
    @Tag("live") // npm install from registry.npmjs.org, npm ls
    @ParameterizedTest(name = "lockfileVersion {0}")
    @ValueSource(ints = {1, 2, 3})
    void packageLockListsWhatNpmLsSays(int lockfileVersion) throws Exception {
        Path project = npmProject("v" + lockfileVersion, PACKAGE_JSON, lockfileVersion);
        Set<String> all = npmLs(project, false);
        Set<String> production = npmLs(project, true);
        assertThat(all).as("npm ls lists the project's packages").hasSizeGreaterThan(5);

        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), project);
        assertThat(result.warnings()).isEmpty();
        assertThat(names(result.packages())).isEqualTo(all);
        Set<String> dev = new TreeSet<>(all);
        dev.removeAll(production);
        assertThat(dev).as("the project has dev-only packages").isNotEmpty();
        assertThat(names(result.packages().stream()
                .filter(p -> "true".equals(p.properties().get(PackageProperties.NPM_DEV))).toList())).isEqualTo(dev);

        Path lock = project.resolve("package-lock.json").toAbsolutePath().normalize();
        assertThat(result.packages()).allSatisfy(p -> {
            assertThat(p.foundBy()).isEqualTo("npm-lock");
            assertThat(p.locations()).extracting(l -> l.path()).containsExactly(lock.toString());
        });
        assertThat(result.packages()).extracting(Package::purl).contains("pkg:npm/%40sindresorhus/is@4.6.0", "pkg:npm/is-odd@2.0.0");
        if (lockfileVersion >= 2) { // v2/v3: the root entry says which packages the project names: npm ls --depth=0
            assertThat(names(result.packages().stream()
                    .filter(p -> Declared.DIRECT.equals(p.properties().get(PackageProperties.RELATIONSHIP))).toList()))
                    .isEqualTo(npmLsTopLevel(project)).contains("@types/node@20.11.0", "is-odd@2.0.0", "is-number@6.0.0");
            assertThat(result.packages()).allSatisfy(p -> assertThat(p.properties()).containsKey(PackageProperties.RELATIONSHIP));
        } else {
            assertThat(result.packages()).allSatisfy(p -> assertThat(p.properties()).doesNotContainKey(PackageProperties.RELATIONSHIP));
        }
        if (lockfileVersion >= 2) { // v2/v3 entries carry the licence npm read from the registry
            String license = new ObjectMapper().readTree(lock.toFile()).at("/packages/node_modules~1is-odd/license").asText();
            assertThat(result.packages().stream().filter(p -> p.purl().equals("pkg:npm/is-odd@3.0.1")).findFirst().orElseThrow()
                    .licenses()).containsExactly(license);
        }
        System.out.printf("package-lock v%d: npm ls %d (dev %d), warden %d%n", lockfileVersion, all.size(), dev.size(),
                result.packages().size());
    }

    @Tag("live") // npm install from registry.npmjs.org, npm ls
    @ParameterizedTest(name = "lockfileVersion {0}")
    @ValueSource(ints = {1, 3})
    void aRealWorldTreeListsWhatNpmLsSays(int lockfileVersion) throws Exception {
        Path project = npmProject("express-v" + lockfileVersion, EXPRESS_PACKAGE_JSON, lockfileVersion);
        Set<String> all = npmLs(project, false);
        Set<String> dev = new TreeSet<>(all);
        dev.removeAll(npmLs(project, true));
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), project);
        assertThat(result.warnings()).isEmpty();
        assertThat(names(result.packages())).isEqualTo(all);
        assertThat(names(result.packages().stream()
                .filter(p -> "true".equals(p.properties().get(PackageProperties.NPM_DEV))).toList())).isEqualTo(dev);
        System.out.printf("express+mocha package-lock v%d: npm ls %d (dev %d), warden %d%n", lockfileVersion, all.size(), dev.size(),
                result.packages().size());
    }

    /**
     * package-lock's edges (CycloneDX {@code dependencies}) are the tree {@code npm ls --all --json} shows: v3's
     * resolved folder by folder, v1's by {@code requires} through the nested levels.
     */
    @ParameterizedTest(name = "lockfile v{0}")
    @ValueSource(ints = {1, 3})
    @Tag("live") // npm install from registry.npmjs.org, npm ls --json
    void aPackageLockGivesTheDependencyGraphNpmLsShows(int lockfileVersion) throws Exception {
        Path project = npmProject("express-v" + lockfileVersion, EXPRESS_PACKAGE_JSON, lockfileVersion);
        Result ls = run(project, "npm", "ls", "--all", "--package-lock-only", "--json");
        assertThat(ls.code()).as(ls.err()).isZero();
        Set<String> expected = new TreeSet<>();
        java.util.Deque<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> pending = new java.util.ArrayDeque<>();
        new ObjectMapper().readTree(ls.out()).path("dependencies").properties().forEach(pending::add);
        while (!pending.isEmpty()) {
            var node = pending.pop();
            String from = node.getKey() + "@" + node.getValue().path("version").asText();
            node.getValue().path("dependencies").properties().forEach(child -> {
                if (child.getValue().has("version")) {
                    expected.add(from + " -> " + child.getKey() + "@" + child.getValue().path("version").asText());
                }
                pending.push(child);
            });
        }
        assertThat(expected).as("express needs a few dozen packages").hasSizeGreaterThan(50);

        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), project);
        Map<String, String> byId = new java.util.HashMap<>();
        result.packages().forEach(p -> byId.put(p.id(), names(List.of(p)).iterator().next()));
        Set<String> edges = new TreeSet<>();
        for (Package p : result.packages()) {
            String needs = p.properties().get(PackageProperties.DEPENDS_ON);
            if (needs != null) {
                for (String id : needs.split(" ")) {
                    edges.add(byId.get(p.id()) + " -> " + byId.get(id));
                }
            }
        }
        assertThat(edges).isEqualTo(expected);
        System.out.printf("express+mocha package-lock v%d: npm ls edges %d, warden %d%n", lockfileVersion, expected.size(), edges.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yarn-v1", "yarn-berry", "pnpm-v5", "pnpm-v6", "pnpm-v9"})
    void handWrittenYarnAndPnpmLocks(String fixture) throws Exception {
        HostFiles.Result result = HostFiles.run(new NpmLockCataloger(), resource("npm-locks/" + fixture));
        assertThat(result.warnings()).isEmpty();
        assertThat(names(result.packages())).isEqualTo(new TreeSet<>(FIXTURE_PACKAGES));
        assertThat(result.packages()).extracting(Package::purl).contains("pkg:npm/%40types/node@20.11.0");
        // pnpm v5/v6 say which packages only development needs, v9 by its graph; yarn.lock does not say
        Set<String> dev = names(result.packages().stream()
                .filter(p -> "true".equals(p.properties().get(PackageProperties.NPM_DEV))).toList());
        assertThat(dev).isEqualTo(fixture.startsWith("pnpm") ? new TreeSet<>(FIXTURE_DEV) : Set.of());
    }

    @Test
    void pnpmPeerSuffixesAndEntriesNotFromTheRegistry() throws Exception {
        NpmLocks.Locked v5 = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                lockfileVersion: 5.4
                packages:
                  /react-dom/18.2.0_react@18.2.0:
                    resolution: {integrity: sha512-x}
                  /@emotion/react/11.11.1_3hx2ussxxho4jajbwrd6gq34qe:
                    dev: true
                  github.com/user/bar/0123456789abcdef:
                    resolution: {tarball: https://codeload.github.com/user/bar/tar.gz/0123456789abcdef}
                    name: bar
                    version: 1.0.0
                """, v5);
        assertThat(v5.names()).containsExactly("react-dom@18.2.0", "@emotion/react@11.11.1", "bar@1.0.0");
        assertThat(v5.dev()).containsExactly("@emotion/react@11.11.1");

        NpmLocks.Locked v6 = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                lockfileVersion: '6.0'
                packages:
                  /react-dom@18.2.0(react@18.2.0):
                    dev: false
                  /@emotion/react@11.11.1(@types/react@18.2.0)(react@18.2.0):
                    dev: false
                """, v6);
        assertThat(v6.names()).containsExactly("react-dom@18.2.0", "@emotion/react@11.11.1");

        NpmLocks.Locked v9 = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                lockfileVersion: '9.0'
                importers:
                  .:
                    dependencies:
                      react-dom:
                        specifier: ^18
                        version: 18.2.0(react@18.2.0)
                packages:
                  react-dom@18.2.0:
                    resolution: {integrity: sha512-x}
                  bar@https://codeload.github.com/user/bar/tar.gz/0123456789abcdef:
                    resolution: {tarball: https://codeload.github.com/user/bar/tar.gz/0123456789abcdef}
                    version: 1.0.0
                snapshots:
                  react-dom@18.2.0(react@18.2.0):
                    dependencies:
                      react: 18.2.0
                  bar@https://codeload.github.com/user/bar/tar.gz/0123456789abcdef: {}
                """, v9);
        assertThat(v9.names()).containsExactly("react-dom@18.2.0", "bar@1.0.0");
    }

    /** v9: dev-only is what only devDependencies reach, through peer-suffixed copies and aliases. */
    @Test
    void pnpmV9DevOnlyFromTheGraph() throws Exception {
        NpmLocks.Locked v9 = new NpmLocks.Locked("pnpm-lock.yaml");
        NpmLockCataloger.pnpmLock("""
                lockfileVersion: '9.0'

                importers:

                  .:
                    dependencies:
                      a:
                        specifier: ^1
                        version: 1.0.0
                    devDependencies:
                      b:
                        specifier: ^1
                        version: 1.0.0(c@1.0.0)
                      '@types/x':
                        specifier: ^1
                        version: 1.0.0

                packages:

                  a@1.0.0:
                    resolution: {integrity: sha512-a}
                  b@1.0.0:
                    resolution: {integrity: sha512-b}
                  c@1.0.0:
                    resolution: {integrity: sha512-c}
                  shared@1.0.0:
                    resolution: {integrity: sha512-s}
                  real@2.0.0:
                    resolution: {integrity: sha512-r}
                  '@types/x@1.0.0':
                    resolution: {integrity: sha512-t}

                snapshots:

                  a@1.0.0:
                    dependencies:
                      shared: 1.0.0

                  b@1.0.0(c@1.0.0):
                    dependencies:
                      c: 1.0.0
                      shared: 1.0.0
                      alias: real@2.0.0

                  c@1.0.0: {}

                  shared@1.0.0: {}

                  real@2.0.0: {}

                  '@types/x@1.0.0': {}
                """, v9);
        assertThat(v9.names()).containsExactlyInAnyOrder("a@1.0.0", "b@1.0.0", "c@1.0.0", "shared@1.0.0", "real@2.0.0", "@types/x@1.0.0");
        assertThat(v9.dev()).containsExactlyInAnyOrder("b@1.0.0", "c@1.0.0", "real@2.0.0", "@types/x@1.0.0");
    }

    @Test
    void yarnPatchesGitAndAliases() throws Exception {
        NpmLocks.Locked berry = new NpmLocks.Locked("yarn.lock");
        NpmLockCataloger.yarnLock("""
                __metadata:
                  version: 6

                "resolve@npm:^1.20.0":
                  version: 1.22.1
                  resolution: "resolve@npm:1.22.1"

                "resolve@patch:resolve@^1.20.0#~builtin<compat/resolve>":
                  version: 1.22.1
                  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=c3c19d"

                "bar@https://github.com/user/bar.git#commit=0123456789abcdef":
                  version: 1.0.0
                  resolution: "bar@https://github.com/user/bar.git#commit=0123456789abcdef"
                """, berry);
        assertThat(berry.names()).containsExactly("resolve@1.22.1", "bar@1.0.0");

        NpmLocks.Locked classic = new NpmLocks.Locked("yarn.lock");
        NpmLockCataloger.yarnLock("""
                # yarn lockfile v1

                "@scope/alias@npm:@scope/real@^2":
                  version "2.1.0"
                  dependencies:
                    version "^1.0.0"

                bar@git+https://github.com/user/bar.git#0123456789abcdef:
                  version "1.0.0"
                  resolved "git+https://github.com/user/bar.git#0123456789abcdef"
                """, classic);
        assertThat(classic.names()).as("a dependency named 'version' is not the entry's version")
                .containsExactly("@scope/real@2.1.0", "bar@1.0.0");
    }

    /**
     * Issue 17's rule: a lock speaks for the node_modules beside it, installed or not, and the installed copies there
     * are left to it; a package installed in a folder without a lock is still listed from its package.json.
     */
    @Test
    void aLockSpeaksForTheNodeModulesBesideIt(@TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.copy(resource("npm-locks/pnpm-v9").resolve("pnpm-lock.yaml"), app.resolve("pnpm-lock.yaml"));
        Files.createDirectories(app.resolve("node_modules"));
        Files.writeString(app.resolve("node_modules/.modules.yaml"), "layoutVersion: 5\n");
        // lock files inside node_modules come with published packages and install nothing
        Files.createDirectories(app.resolve("node_modules/.pnpm/x@1.0.0/node_modules/x"));
        Files.writeString(app.resolve("node_modules/.pnpm/x@1.0.0/node_modules/x/package-lock.json"),
                "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/evil\": {\"version\": \"6.6.6\"}}}");
        Files.writeString(app.resolve("node_modules/.pnpm/x@1.0.0/node_modules/x/package.json"), "{\"name\": \"x\", \"version\": \"1.0.0\"}");
        Path other = Files.createDirectories(dir.resolve("other/node_modules/y"));
        Files.writeString(other.resolve("package.json"), "{\"name\": \"y\", \"version\": \"2.0.0\"}");

        assertThat(names(HostFiles.run(new NpmLockCataloger(), dir).packages())).isEqualTo(new TreeSet<>(FIXTURE_PACKAGES));
        assertThat(names(HostFiles.run(new NpmPackageCataloger(), dir).packages()))
                .as("installed beside a lock: left to the lock; installed without one: listed").containsExactly("y@2.0.0");
    }

    private static Set<String> names(List<Package> packages) {
        return packages.stream().map(p -> (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + p.version())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpmLockCatalogerTest.class.getClassLoader().getResource(name).toURI());
    }

    /**
     * The project with a lock file npm wrote in the given version. npm needs the registry's package
     * metadata to write it; without the registry the test is skipped, saying so.
     */
    private static Path npmProject(String name, String packageJsonText, int lockfileVersion) throws Exception {
        Path dir = CACHE.resolve(name).toAbsolutePath();
        Path packageJson = dir.resolve("package.json");
        if (Files.exists(dir.resolve("package-lock.json")) && Files.exists(packageJson)
                && Files.readString(packageJson).equals(packageJsonText)) {
            return dir;
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("package-lock.json"));
        Files.writeString(packageJson, packageJsonText);
        if (packageJsonText.contains("packages/local")) { // the workspace
            Files.createDirectories(dir.resolve("packages/local"));
            Files.writeString(dir.resolve("packages/local/package.json"), LOCAL_PACKAGE_JSON);
        }
        Result install = run(dir, "npm", "install", "--package-lock-only", "--lockfile-version", String.valueOf(lockfileVersion),
                "--ignore-scripts", "--no-audit", "--no-fund");
        Assumptions.assumeTrue(install.code() == 0 && Files.exists(dir.resolve("package-lock.json")),
                () -> "npm could not write a lock file; is registry.npmjs.org reachable? npm said: " + install.err());
        return dir;
    }

    /** name@version of every package npm ls lists from the lock (aliases by their real name; workspace links left out). */
    /** What the project's package.json names, as npm resolved it: {@code npm ls --depth=0}. */
    private static Set<String> npmLsTopLevel(Path project) throws Exception {
        Result ls = run(project, "npm", "ls", "--depth=0", "--package-lock-only", "--parseable", "--long");
        assertThat(ls.code()).as(ls.err()).isZero();
        Set<String> out = new TreeSet<>();
        List<String> lines = ls.out().lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) {
            String spec = line.substring(line.indexOf(':') + 1);
            if (spec.contains(":/")) {
                continue; // a link to a workspace folder: the workspace itself, not a package
            }
            int alias = spec.indexOf("@npm:");
            out.add(alias > 0 ? spec.substring(alias + "@npm:".length()) : spec);
        }
        return out;
    }

    private static Set<String> npmLs(Path project, boolean omitDev) throws Exception {
        Result ls = omitDev
                ? run(project, "npm", "ls", "--all", "--package-lock-only", "--parseable", "--long", "--omit=dev")
                : run(project, "npm", "ls", "--all", "--package-lock-only", "--parseable", "--long");
        assertThat(ls.code()).as(ls.err()).isZero();
        Set<String> out = new TreeSet<>();
        List<String> lines = ls.out().lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) { // the first line is the project itself
            String spec = line.substring(line.indexOf(':') + 1); // "PATH:name@version[:REALPATH]"
            if (spec.contains(":/")) {
                continue; // a link to a workspace folder
            }
            int alias = spec.indexOf("@npm:");
            out.add(alias > 0 ? spec.substring(alias + "@npm:".length()) : spec);
        }
        return out;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("npm-", ".err");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (Node.js with npm): " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String error = Files.readString(err);
        Files.delete(err);
        return new Result(p.isAlive() ? -1 : p.exitValue(), out, error);
    }
}
