package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go binaries built here by the real toolchain (Debian's golang-go), with dependencies served by a
 * file-based module proxy written in the test (no network), compared with what {@code go version -m} says.
 */
@Tag("live") // go builds the binaries, go version -m (GoVersionFrozenTest is the offline check)
class GoBinaryCatalogerTest {
    @TempDir
    static Path work;

    private static Path bin;

    @BeforeAll
    static void buildBinaries() throws Exception {
        Path proxy = work.resolve("proxy");
        module(proxy, "example.com/alpha", "v1.2.3", "package alpha\n\nfunc Alpha() int { return 1 }\n");
        module(proxy, "example.com/beta", "v0.4.0", "package beta\n\nfunc Beta() int { return 2 }\n");
        // beta is replaced by a fork published under another path: the fork's path and version are what is in the binary
        module(proxy, "example.com/betafork", "v0.4.1", "package beta\n\nfunc Beta() int { return 3 }\n");
        module(proxy, "golang.org/x/gamma", "v0.0.0-20230101000000-abcdefabcdef", "package gamma\n\nfunc Gamma() int { return 4 }\n");
        Path app = Files.createDirectories(work.resolve("app"));
        Path local = Files.createDirectories(app.resolve("local"));
        Files.writeString(local.resolve("go.mod"), "module example.com/local\n\ngo 1.19\n");
        Files.writeString(local.resolve("local.go"), "package local\n\nfunc Local() int { return 5 }\n");
        Files.writeString(app.resolve("go.mod"), """
                module example.com/app

                go 1.19

                require (
                	example.com/alpha v1.2.3
                	example.com/beta v0.4.0
                	example.com/local v0.0.0
                	golang.org/x/gamma v0.0.0-20230101000000-abcdefabcdef
                )

                replace example.com/beta => example.com/betafork v0.4.1

                replace example.com/local => ./local
                """);
        Files.writeString(app.resolve("main.go"), """
                package main

                import (
                	"example.com/alpha"
                	"example.com/beta"
                	"example.com/local"
                	"golang.org/x/gamma"
                )

                func main() { println(alpha.Alpha() + beta.Beta() + local.Local() + gamma.Gamma()) }
                """);
        bin = Files.createDirectories(work.resolve("bin"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOPROXY", proxy.toUri().toString());
        env.put("GOFLAGS", "-mod=mod -modcacherw"); // writable module cache so the temp folder can be deleted
        env.put("GOSUMDB", "off");
        env.put("GOMODCACHE", work.resolve("modcache").toString());
        env.put("GOPATH", work.resolve("gopath").toString());
        env.put("CGO_ENABLED", "0");
        Tools.run(app, env, "go", "build", "-trimpath", "-o", bin.resolve("app").toString(), ".");
        Tools.run(app, env, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin.resolve("app-stripped").toString(), ".");
        // without a Go build id, and with 3 MiB of read-only data that put the build info past the scan's first block:
        // as Go links it (section table at the start), and rewritten by objcopy (section table at the end, as GNU ld
        // and lld put it), which makes the scan skip the middle and then read the file again whole
        byte[] blob = new byte[3 << 20];
        new java.util.Random(1).nextBytes(blob);
        Files.write(app.resolve("blob.bin"), blob);
        Files.writeString(app.resolve("blob.go"), """
                //go:build bigblob

                package main

                import _ "embed"

                //go:embed blob.bin
                var blob string

                func init() { println(len(blob)) }
                """);
        Tools.run(app, env, "go", "build", "-trimpath", "-tags=bigblob", "-ldflags=-buildid=", "-o", bin.resolve("app-nobuildid").toString(), ".");
        Tools.run(app, "objcopy", bin.resolve("app-nobuildid").toString(), bin.resolve("app-nobuildid-objcopy").toString());
        executable(bin.resolve("app-nobuildid-objcopy"));
        // other executable formats: PE and Mach-O, cross-compiled by the same toolchain
        Map<String, String> windows = new LinkedHashMap<>(env);
        windows.put("GOOS", "windows");
        windows.put("GOARCH", "amd64");
        Tools.run(app, windows, "go", "build", "-trimpath", "-o", bin.resolve("app.exe").toString(), ".");
        Map<String, String> darwin = new LinkedHashMap<>(env);
        darwin.put("GOOS", "darwin");
        darwin.put("GOARCH", "arm64");
        Tools.run(app, darwin, "go", "build", "-trimpath", "-o", bin.resolve("app-darwin").toString(), ".");
    }

    /** Writes one module version into a GOPROXY=file:// tree: list, .info, .mod and the module zip. */
    private static void module(Path proxy, String path, String version, String source) throws IOException {
        Path v = Files.createDirectories(proxy.resolve(path).resolve("@v"));
        Files.writeString(v.resolve("list"), version + "\n");
        Files.writeString(v.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2023-01-01T00:00:00Z\"}");
        String mod = "module " + path + "\n\ngo 1.19\n";
        Files.writeString(v.resolve(version + ".mod"), mod);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(v.resolve(version + ".zip")))) {
            String prefix = path + "@" + version + "/";
            zip.putNextEntry(new ZipEntry(prefix + "go.mod"));
            zip.write(mod.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(prefix + "lib.go"));
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    @Test
    void builtBinariesMatchGoVersionM() throws Exception {
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        assertThat(result.warnings()).isEmpty();
        for (String name : List.of("app", "app-stripped", "app-nobuildid", "app-nobuildid-objcopy", "app.exe", "app-darwin")) {
            Path file = bin.resolve(name);
            Reference expected = goVersionM(file);
            assertThat(found(result, file)).as(name).isEqualTo(expected.modules());
            // the fixture is what the test says it is: every kind of dependency line is there
            assertThat(expected.modules()).as(name).contains("example.com/alpha@v1.2.3", "example.com/betafork@v0.4.1",
                    "example.com/local@", "golang.org/x/gamma@v0.0.0-20230101000000-abcdefabcdef", "example.com/app@(devel)");
            Package main = packageOf(result, file, "app");
            assertThat(main.properties()).containsEntry("warden:go-main-module", "true").containsEntry("warden:go-devel", "true")
                    .containsEntry("warden:go-toolchain", expected.goVersion())
                    .containsEntry("warden:go-goos", expected.settings().get("GOOS"))
                    .containsEntry("warden:go-goarch", expected.settings().get("GOARCH"));
            expected.settings().forEach((k, v) -> assertThat(main.properties()).containsEntry("warden:go-build:" + k, v));
        }
        Package fork = packageOf(result, bin.resolve("app"), "betafork");
        assertThat(fork.purl()).isEqualTo("pkg:golang/example.com/betafork@v0.4.1");
        assertThat(fork.properties()).containsEntry("warden:go-replaces", "example.com/beta@v0.4.0");
        Package local = packageOf(result, bin.resolve("app"), "local");
        assertThat(local.version()).isNull();
        assertThat(local.properties()).containsEntry("warden:go-replaced-by-directory", "./local");
        Package stdlib = packageOf(result, bin.resolve("app"), "stdlib");
        assertThat(stdlib.purl()).isEqualTo("pkg:golang/stdlib@" + goVersionM(bin.resolve("app")).goVersion().substring(2));
    }

    /** The fixture for the build id case is what it claims: Go build info past the first block, found by a second read. */
    @Test
    void goBinaryWithoutBuildIdIsReadAgainWhole() throws Exception {
        Path file = bin.resolve("app-nobuildid-objcopy");
        assertThat(Tools.run(work, "readelf", "-S", "-W", file.toString())).contains(".go.buildinfo").doesNotContain(".note.go.buildid");
        ExecutableScan.Result first;
        try (CountingInput in = new CountingInput(Files.newInputStream(file))) {
            first = ExecutableScan.scan(in, Files.size(file), BinaryLimits.MAX_BINARY_BYTES, ExecutableScan.newBuffer());
            assertThat(in.skipped).as("the middle is skipped").isPositive();
        }
        assertThat(first.go()).isNull();
        assertThat(first.next()).isInstanceOf(ReadPlan.Whole.class);
        ExecutableScan.Result whole;
        try (var in = Files.newInputStream(file)) {
            whole = ExecutableScan.scanWhole(in, BinaryLimits.MAX_BINARY_BYTES, ExecutableScan.newBuffer());
        }
        assertThat(whole.go()).isNotNull();
        assertThat(whole.goProblem()).isNull();
    }

    /** An input stream that counts the bytes read and, apart, the bytes skipped (a seek on a file). */
    static final class CountingInput extends java.io.FilterInputStream {
        long read;
        long skipped;

        CountingInput(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            skipped += s;
            return s;
        }
    }

    /**
     * The issue's accuracy check on this machine: every Go binary {@code go version -m} finds under the folders
     * where programs live (Debian's Go toolchain, CNI plugins, Google Cloud SDK, /usr/bin, ...), each compared.
     */
    @Test
    void goBinariesOnThisMachineMatchGoVersionM() throws Exception {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> lib = Files.list(Path.of("/usr/lib"))) {
            lib.filter(p -> p.getFileName().toString().startsWith("go-")).forEach(roots::add);
        }
        for (String root : List.of("/usr/lib/cni", "/usr/lib/google-cloud-sdk", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt")) {
            if (Files.isDirectory(Path.of(root))) {
                roots.add(Path.of(root));
            }
        }
        assertThat(roots).as("golang-go is installed (see .ci/packages)").anyMatch(p -> p.toString().startsWith("/usr/lib/go-"));
        List<String> command = new ArrayList<>(List.of("go", "version", "-m"));
        roots.forEach(r -> command.add(r.toString()));
        Map<String, Reference> expected = new java.util.TreeMap<>(goVersionMAll(Tools.run(work, command.toArray(String[]::new))));
        expected.keySet().removeIf(p -> Files.isSymbolicLink(Path.of(p))); // one report per file, at its own path

        long start = System.nanoTime();
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), roots.toArray(Path[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.warnings()).isEmpty();
        int modules = 0;
        for (Map.Entry<String, Reference> e : expected.entrySet()) {
            assertThat(found(result, Path.of(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().modules());
            modules += e.getValue().modules().size();
        }
        // go version only looks at files with an executable bit; Warden also at larger files without one
        Set<String> extra = result.packages().stream().map(p -> p.locations().getFirst().path())
                .filter(p -> !expected.containsKey(p)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(extra).allSatisfy(p -> assertThat(Files.isExecutable(Path.of(p))).as(p).isFalse());
        System.out.printf("Go binaries on this machine: go version -m %d binaries, %d modules (stdlib included); "
                + "warden %d packages from them, %d binaries without an executable bit besides; %d ms%n",
                expected.size(), modules, result.packages().size() - extra.size(), extra.size(), millis);
    }

    /** (module@version) of what the cataloger found in one file. */
    static Set<String> found(HostFiles.Result result, Path file) {
        return result.packages().stream().filter(p -> p.locations().getFirst().path().equals(file.toString()))
                .map(p -> (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + (p.version() == null ? "" : p.version()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Package packageOf(HostFiles.Result result, Path file, String name) {
        return result.packages().stream().filter(p -> p.locations().getFirst().path().equals(file.toString()) && p.name().equals(name))
                .findFirst().orElseThrow();
    }

    /** What go version -m says of a binary, as module@version with replacements applied the way the SBOM documents. */
    record Reference(String goVersion, Set<String> modules, Map<String, String> settings) {}

    static Reference goVersionM(Path file) throws Exception {
        return goVersionMAll(Tools.run(file.getParent(), "go", "version", "-m", file.toString())).get(file.toString());
    }

    /** go version -m output for several binaries: "PATH: VERSION" then that binary's tab-indented lines. */
    static Map<String, Reference> goVersionMAll(String out) {
        Map<String, Reference> all = new LinkedHashMap<>();
        List<String> block = new ArrayList<>();
        for (String line : (out + "\nEND: end").lines().toList()) {
            if (!line.startsWith("\t") && line.contains(": ")) {
                if (!block.isEmpty()) {
                    String head = block.getFirst();
                    int colon = head.indexOf(": ");
                    all.put(head.substring(0, colon), reference(head.substring(colon + 2).strip(), block.subList(1, block.size())));
                }
                block = new ArrayList<>();
            }
            block.add(line);
        }
        return all;
    }

    private static Reference reference(String goVersion, List<String> text) {
        List<String[]> lines = text.stream().map(l -> l.strip().isEmpty() ? new String[0] : l.substring(1).split("\t", -1))
                .filter(f -> f.length > 0).toList();
        Set<String> modules = new TreeSet<>();
        Map<String, String> settings = new LinkedHashMap<>();
        String path = null;
        boolean hasMod = false;
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i);
            switch (f[0]) {
                case "path" -> path = f[1];
                case "mod", "dep" -> {
                    hasMod |= f[0].equals("mod");
                    String[] next = i + 1 < lines.size() ? lines.get(i + 1) : new String[] {""};
                    if (next[0].equals("=>")) {
                        // a directory replacement (go.mod "=> ./dir"): the code came from disk, no version
                        boolean directory = next[1].startsWith(".") || next[1].startsWith("/");
                        modules.add(directory ? f[1] + "@" : next[1] + "@" + next[2]);
                    } else {
                        modules.add(f[1] + "@" + (f.length > 2 ? f[2] : ""));
                    }
                }
                case "build" -> {
                    int eq = f[1].indexOf('=');
                    String value = f[1].substring(eq + 1);
                    if (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1) {
                        value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                    }
                    settings.put(f[1].substring(0, eq), value);
                }
                default -> { }
            }
        }
        if (!hasMod && path != null && !path.equals("command-line-arguments")) {
            // a binary built without module info: its package path, version unknown ("go build x.go" has no path to report)
            modules.add(path + "@");
        }
        modules.add("stdlib@" + goVersion.split(" ")[0].substring(2));
        return new Reference(goVersion, modules, settings);
    }

    static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
        executable(file);
    }
}
