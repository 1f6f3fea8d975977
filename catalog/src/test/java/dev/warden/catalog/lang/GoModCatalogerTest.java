package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoModCatalogerTest {
    /** Offline: no module proxy, no checksum database; every module a local folder, as a vendored monorepo has them. */
    private static final Map<String, String> OFFLINE = Map.of("GOPROXY", "off", "GOFLAGS", "-mod=mod", "GONOSUMDB", "*",
            "GOWORK", "off", "GOTOOLCHAIN", "local", "GOPATH", "/tmp/warden-go-test-path", "GOCACHE", "/tmp/warden-go-test-cache");

    /**
     * A module tree the real go command wrote (go mod tidy) and listed (go list -m all): the cataloger lists the same
     * modules, with replacements applied and indirect ones marked.
     */
    @Tag("live") // go list -m all
    @Test
    void listsWhatGoListMAllLists(@TempDir Path dir) throws Exception {
        module(dir.resolve("libs/a"), "example.com/a", "package a\n\nimport _ \"example.com/b\"\n", "example.com/b v1.2.0", "example.com/b => ../b");
        module(dir.resolve("libs/b"), "example.com/b", "package b\n", null, null);
        module(dir.resolve("libs/c"), "example.com/c", "package c\n", null, null);
        Path app = dir.resolve("app");
        module(app, "example.com/app", "package main\n\nimport (\n\t_ \"example.com/a\"\n\t_ \"example.org/renamed\"\n)\n\nfunc main() {}\n",
                "example.com/a v1.0.0\n\texample.org/renamed v0.3.0", "example.com/a => ../libs/a\n\texample.com/b => ../libs/b\n\texample.org/renamed v0.3.0 => ../libs/c");
        Files.writeString(dir.resolve("libs/c/go.mod"), "module example.org/renamed\n\ngo 1.19\n");
        Tools.run(app, OFFLINE, "go", "mod", "tidy");
        String listed = Tools.run(app, OFFLINE, "go", "list", "-m", "-f", "{{.Path}}@{{.Version}}{{if .Indirect}} indirect{{end}}", "all");

        Set<String> expected = listed.lines().map(l -> l.replace("@ ", "@").replaceAll("@$", "@")).collect(Collectors.toCollection(TreeSet::new));
        HostFiles.Result result = HostFiles.run(new GoModCataloger(), app);
        Set<String> actual = result.packages().stream().map(GoModCatalogerTest::asGoLists).collect(Collectors.toCollection(TreeSet::new));

        // go list prints the required version of a module replaced by a folder; the cataloger lists it without one
        // (the folder's code is not that published version) and names the folder
        Set<String> expectedNames = expected.stream().map(s -> s.replaceAll("@\\S*", "")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actualNames = actual.stream().map(s -> s.replaceAll("@\\S*", "")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(actualNames).isEqualTo(expectedNames);
        assertThat(result.packages()).filteredOn(p -> p.version() == null && !Declared.ROOT.equals(p.properties().get(PackageProperties.RELATIONSHIP)))
                .allSatisfy(p -> assertThat(p.properties()).containsKey("warden:go-replaced-by-directory"));
        assertThat(expected).contains("example.com/b@v1.2.0 indirect");
    }

    private static String asGoLists(Package p) {
        String path = (p.namespace() == null ? "" : p.namespace() + "/") + p.name();
        return path + "@" + (p.version() == null ? "" : p.version())
                + (Declared.INDIRECT.equals(p.properties().get(PackageProperties.RELATIONSHIP)) ? " indirect" : "");
    }

    private static void module(Path dir, String path, String source, String requires, String replaces) throws Exception {
        Files.createDirectories(dir);
        StringBuilder mod = new StringBuilder("module " + path + "\n\ngo 1.19\n");
        if (requires != null) {
            mod.append("\nrequire (\n\t").append(requires).append("\n)\n");
        }
        if (replaces != null) {
            mod.append("\nreplace (\n\t").append(replaces).append("\n)\n");
        }
        Files.writeString(dir.resolve("go.mod"), mod);
        Files.writeString(dir.resolve(dir.getFileName() + ".go"), source);
    }

    /** Trivy's fixture: a go 1.17 go.mod whose indirect requirements are marked, and nested modules read on their own. */
    @Test
    void marksIndirectRequirementsAndReadsNestedModules() throws Exception {
        Path dir = Path.of(getClass().getClassLoader().getResource("trivy-repo/gomod").toURI());
        HostFiles.Result result = HostFiles.run(new GoModCataloger(), dir);
        Package text = result.packages().stream().filter(p -> p.purl().equals("pkg:golang/golang.org/x/text@v0.3.6")).findFirst().orElseThrow();
        assertThat(text.properties()).containsEntry(PackageProperties.RELATIONSHIP, Declared.INDIRECT);
        Package opa = result.packages().stream().filter(p -> p.purl().equals("pkg:golang/github.com/open-policy-agent/opa@v0.35.0")).findFirst().orElseThrow();
        assertThat(opa.properties()).containsEntry(PackageProperties.RELATIONSHIP, Declared.DIRECT);
        assertThat(result.packages()).extracting(p -> Path.of(p.locations().getFirst().path()).getParent().getFileName().toString())
                .contains("gomod", "submod", "submod2");
        assertThat(result.warnings()).isEmpty();
    }
}
