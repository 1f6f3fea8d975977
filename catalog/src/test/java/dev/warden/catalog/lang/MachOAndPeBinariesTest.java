package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cargo-auditable's {@code .dep-v0} in Mach-O ({@code __DATA,.dep-v0}) and PE ({@code .dep-v0}), and universal Mach-O
 * files. The executables are real: Go programs cross-compiled for macOS (x86_64, arm64) and Windows by the Go
 * toolchain. cargo-auditable cannot target those here (no Apple or Windows Rust standard library on this machine), so
 * the section is added the way the format documents it (zlib-compressed JSON) by LLVM's objcopy, and the universal
 * file is made by LLVM's lipo from the two macOS slices (Debian's llvm package).
 */
@Tag("live") // go, llvm-objcopy, llvm-lipo build the binaries
class MachOAndPeBinariesTest {
    @TempDir
    static Path work;

    private static Path bin;

    private static final String AUDIT_JSON = """
            {"packages":[
              {"name":"tool","version":"0.2.0","source":"local","dependencies":[1],"root":true},
              {"name":"serde","version":"1.0.203","source":"crates.io"}
            ]}""";
    private static final Set<String> CRATES = Set.of("pkg:cargo/tool@0.2.0", "pkg:cargo/serde@1.0.203");

    @BeforeAll
    static void buildBinaries() throws Exception {
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("go.mod"), "module example.com/tool\n\ngo 1.19\n");
        Files.writeString(app.resolve("main.go"), "package main\n\nfunc main() { println(\"tool\") }\n");
        bin = Files.createDirectories(work.resolve("bin"));
        Path section = Files.write(work.resolve("dep-v0.bin"), CargoAuditableTest.zlib(AUDIT_JSON));
        for (String[] target : List.of(new String[] {"darwin", "amd64", "tool-x86_64"}, new String[] {"darwin", "arm64", "tool-arm64"},
                new String[] {"windows", "amd64", "tool.exe"})) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GOOS", target[0]);
            env.put("GOARCH", target[1]);
            env.put("CGO_ENABLED", "0");
            env.put("GOFLAGS", "-mod=mod");
            env.put("GOPATH", work.resolve("gopath").toString());
            Tools.run(app, env, "go", "build", "-trimpath", "-o", work.resolve(target[2]).toString(), ".");
        }
        Tools.run(work, "llvm-objcopy", "--add-section", "__DATA,.dep-v0=" + section, "tool-x86_64", bin.resolve("tool-x86_64").toString());
        Tools.run(work, "llvm-objcopy", "--add-section", "__DATA,.dep-v0=" + section, "tool-arm64", bin.resolve("tool-arm64").toString());
        Tools.run(work, "llvm-objcopy", "--add-section", ".dep-v0=" + section, "tool.exe", bin.resolve("tool.exe").toString());
        Tools.run(work, lipo(), "-create", bin.resolve("tool-x86_64").toString(), bin.resolve("tool-arm64").toString(),
                "-output", bin.resolve("tool-universal").toString());
        for (Path p : List.of(bin.resolve("tool-x86_64"), bin.resolve("tool-arm64"), bin.resolve("tool.exe"), bin.resolve("tool-universal"))) {
            GoBinaryCatalogerTest.executable(p);
        }
    }

    @Test
    void depV0InMachOAndPe() throws Exception {
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        assertThat(result.warnings()).isEmpty();
        for (String name : List.of("tool-x86_64", "tool-arm64", "tool.exe")) {
            Path file = bin.resolve(name);
            assertThat(purls(result, file, BinaryCataloger.RUST)).as(name).isEqualTo(CRATES);
            assertThat(purls(result, file, BinaryCataloger.GO)).as(name + ": its Go build info too")
                    .contains("pkg:golang/example.com/tool@%28devel%29", "pkg:golang/stdlib@" + goVersion());
        }
    }

    /** Each slice of a universal file is read as the Mach-O file it is; what the slices share is listed once, with both architectures. */
    @Test
    void universalMachO() throws Exception {
        assertThat(Files.readAllBytes(bin.resolve("tool-universal"))).startsWith(0xca, 0xfe, 0xba, 0xbe);
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        Path fat = bin.resolve("tool-universal");
        assertThat(purls(result, fat, BinaryCataloger.RUST)).isEqualTo(CRATES);
        Set<String> thinGo = new TreeSet<>(purls(result, bin.resolve("tool-x86_64"), BinaryCataloger.GO));
        thinGo.addAll(purls(result, bin.resolve("tool-arm64"), BinaryCataloger.GO));
        assertThat(purls(result, fat, BinaryCataloger.GO)).as("the union of the slices' Go packages").isEqualTo(thinGo);
        List<Package> fromFat = result.packages().stream().filter(p -> p.locations().getFirst().path().equals(fat.toString())).toList();
        assertThat(fromFat).as("listed once each").extracting(Package::id).doesNotHaveDuplicates();
        assertThat(fromFat).allSatisfy(p -> assertThat(p.properties()).containsEntry(dev.warden.core.PackageProperties.BINARY_ARCHITECTURES, "x86_64 arm64"));
        Package stdlib = fromFat.stream().filter(p -> p.name().equals("stdlib")).findFirst().orElseThrow();
        assertThat(stdlib.properties()).containsEntry("warden:go-goarch", "amd64 arm64");
    }

    /** A universal file cut short: the whole slice is read, the cut one is named in one warning. */
    @Test
    void aUniversalFileCutShort(@TempDir Path dir) throws Exception {
        byte[] fat = Files.readAllBytes(bin.resolve("tool-universal"));
        List<FatMachO.Slice> slices = FatMachO.slices(fat, fat.length);
        Path cut = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(fat, (int) (slices.get(1).offset() + 1000)));
        GoBinaryCatalogerTest.executable(cut);
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), dir);
        assertThat(purls(result, cut, BinaryCataloger.RUST)).isEqualTo(CRATES);
        assertThat(result.packages()).allSatisfy(p -> assertThat(p.properties()).containsEntry(dev.warden.core.PackageProperties.BINARY_ARCHITECTURES, "x86_64"));
        assertThat(result.warnings()).singleElement().asString().startsWith(cut + ":").contains("arm64 slice");
    }

    /** The fat header decoded alone; a Java class file, which shares the magic, is none. */
    @Test
    void fatHeaders() throws Exception {
        byte[] head = Files.readAllBytes(bin.resolve("tool-universal"));
        List<FatMachO.Slice> slices = FatMachO.slices(head, head.length);
        assertThat(slices).extracting(FatMachO.Slice::architecture).containsExactly("x86_64", "arm64");
        assertThat(slices.get(0).size()).isEqualTo(Files.size(bin.resolve("tool-x86_64")));
        assertThat(slices.get(1).size()).isEqualTo(Files.size(bin.resolve("tool-arm64")));
        byte[] javaClass = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN).putInt(0xcafebabe).putShort((short) 0).putShort((short) 65).array();
        assertThat(FatMachO.slices(javaClass, javaClass.length)).isEmpty();
        byte[] cut = java.util.Arrays.copyOf(head, 20); // the table of two architectures needs 48 bytes
        assertThat(FatMachO.slices(cut, cut.length)).isEmpty();
    }

    /** Layout decoded alone: where each format keeps the section, as LLVM's objdump lists it. */
    @Test
    void sectionsFromTheHeaders() throws Exception {
        for (String name : List.of("tool-x86_64", "tool.exe")) {
            byte[] bytes = Files.readAllBytes(bin.resolve(name));
            ExecutableScan.Section section = ExecutableHeaders.parse(bytes, Math.min(bytes.length, BinaryLimits.BLOCK_BYTES)).depV0();
            assertThat(section).as(name).isNotNull();
            byte[] data = java.util.Arrays.copyOfRange(bytes, (int) section.offset(), (int) (section.offset() + section.size()));
            assertThat(CargoAuditable.parse(data, name)).extracting(CargoAuditable.Crate::name).containsExactly("tool", "serde");
        }
    }

    private static Set<String> purls(HostFiles.Result result, Path file, String foundBy) {
        return result.packages().stream()
                .filter(p -> p.foundBy().equals(foundBy) && p.locations().getFirst().path().equals(file.toString()))
                .map(Package::purl).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String goVersion() throws Exception {
        String out = Tools.run(work, "go", "env", "GOVERSION").strip();
        return out.substring(2);
    }

    private static String lipo() {
        return Tools.available("llvm-lipo") ? "llvm-lipo" : "llvm-lipo-14";
    }
}
