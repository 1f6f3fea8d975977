package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustCatalogerTest {
    @TempDir
    Path dir;

    /**
     * cargo-auditable is not packaged in Debian, so the section is made here the way it makes it: this JSON follows the
     * format of rust-secure-code/cargo-auditable (auditable-serde: packages with name, version, source, kind,
     * dependencies as indices, root), zlib-compressed, put into an ELF section named {@code .dep-v0} by binutils'
     * objcopy. The ELF is a copy of the JDK's own launcher (a C program), so no compiler is needed.
     */
    private static final String AUDIT_JSON = """
            {"packages":[
              {"name":"rusty","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
              {"name":"serde","version":"1.0.203","source":"crates.io","dependencies":[3]},
              {"name":"cc","version":"1.0.98","source":"crates.io","kind":"build"},
              {"name":"serde_derive","version":"1.0.203","source":"crates.io"}
            ]}""";

    @Tag("live") // objcopy adds the section
    @Test
    void cargoAuditableSectionInAnElf() throws Exception {
        Path rusty = withSection("rusty", zlib(AUDIT_JSON.getBytes(StandardCharsets.UTF_8)));
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), rusty.getParent());
        assertThat(result.warnings()).isEmpty();
        Set<String> expected = new TreeSet<>();
        for (JsonNode p : new ObjectMapper().readTree(AUDIT_JSON).get("packages")) {
            expected.add("pkg:cargo/" + p.get("name").asText() + "@" + p.get("version").asText());
        }
        assertThat(result.packages()).extracting(Package::purl).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.packages()).allSatisfy(p -> {
            assertThat(p.foundBy()).isEqualTo(BinaryCataloger.RUST);
            assertThat(p.locations().getFirst().path()).isEqualTo(rusty.toString());
        });
        Package root = result.packages().stream().filter(p -> p.name().equals("rusty")).findFirst().orElseThrow();
        assertThat(root.properties()).containsEntry("warden:cargo-root", "true").containsEntry("warden:cargo-source", "local");
        Package cc = result.packages().stream().filter(p -> p.name().equals("cc")).findFirst().orElseThrow();
        assertThat(cc.properties()).containsEntry("warden:cargo-kind", "build");
    }

    @Tag("live") // objcopy adds the section
    @Test
    void brokenAuditableSectionsGiveOneWarningEach() throws Exception {
        withSection("not-zlib", "{\"packages\":[]}".getBytes(StandardCharsets.UTF_8));
        // 64 MiB of spaces compress to ~64 KiB: a bomb past the decompressed limit
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(bomb)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                z.write(spaces);
            }
        }
        withSection("bomb", bomb.toByteArray());
        withSection("no-packages", zlib("{\"crates\":[]}".getBytes(StandardCharsets.UTF_8)));
        // section headers that lie: the section's offset past the end of the file, its size past the limit
        Path lying = withSection("lying-offset", zlib(AUDIT_JSON.getBytes(StandardCharsets.UTF_8)));
        patchDepV0Header(lying, 24, Files.size(lying) + 100);
        Path huge = withSection("lying-size", zlib(AUDIT_JSON.getBytes(StandardCharsets.UTF_8)));
        patchDepV0Header(huge, 32, 1L << 40);
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), dir.resolve("bin"));
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).hasSize(5);
        for (String name : new String[] {"not-zlib", "bomb", "no-packages", "lying-offset", "lying-size"}) {
            assertThat(result.warnings()).as(name).filteredOn(w -> w.startsWith(dir.resolve("bin").resolve(name) + ":")).hasSize(1);
        }
    }

    /** Cargo.lock written by the real cargo for a workspace of path crates (no network), against cargo metadata. */
    @Tag("live") // cargo (CargoMetadataFrozenTest is the offline check)
    @Test
    void cargoLockFromCargoMatchesCargoMetadata() throws Exception {
        Assumptions.assumeTrue(Tools.available("cargo"), "cargo is not installed");
        crate("util", "1.4.0", "helper = { path = \"../helper\", version = \"2.0.0\" }\n", "lib.rs");
        crate("helper", "2.0.0", "", "lib.rs");
        Path app = crate("app", "0.3.1", "util = { path = \"../util\" }\nhelper = { path = \"../helper\" }\n", "main.rs");
        Tools.run(app, "cargo", "generate-lockfile", "--offline");
        JsonNode metadata = new ObjectMapper().readTree(Tools.run(app, "cargo", "metadata", "--offline", "--locked", "--format-version", "1"));
        Set<String> expected = new TreeSet<>();
        metadata.get("packages").forEach(p -> expected.add(p.get("name").asText() + "@" + p.get("version").asText()));
        assertThat(expected).hasSize(3);
        HostFiles.Result result = HostFiles.run(new CargoLockCataloger(), app);
        assertThat(result.warnings()).isEmpty();
        Set<String> found = result.packages().stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).isEqualTo(expected);
        assertThat(result.packages()).allSatisfy(p -> {
            assertThat(p.purl()).isEqualTo("pkg:cargo/" + p.name() + "@" + p.version());
            assertThat(p.properties()).containsEntry("warden:cargo-source", "local");
        });
    }

    @Test
    void registryCratesAndHostileLockFiles() throws Exception {
        Path good = Files.createDirectories(dir.resolve("good"));
        // the shape cargo writes (version 3 lock file)
        Files.writeString(good.resolve("Cargo.lock"), """
                # This file is automatically @generated by Cargo.
                version = 3

                [[package]]
                name = "anyhow"
                version = "1.0.86"
                source = "registry+https://github.com/rust-lang/crates.io-index"
                checksum = "b3d1d046238990b9cf5bcde22a3fb3584ee5cf65fb2765f454ed428c7a0063da"

                [[package]]
                name = "demo"
                version = "0.1.0"
                dependencies = [
                 "anyhow",
                ]
                """);
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.write(bad.resolve("Cargo.lock"), new byte[] {'[', '[', 0, (byte) 0xff, '"', '\n', '=', '"'});
        Path big = Files.createDirectories(dir.resolve("big"));
        try (var out = Files.newOutputStream(big.resolve("Cargo.lock"))) {
            byte[] line = "name = \"x\"\n".getBytes(StandardCharsets.US_ASCII);
            for (long n = 0; n <= LangLimits.MAX_LOCKFILE_BYTES / line.length; n++) {
                out.write(line);
            }
        }
        HostFiles.Result result = HostFiles.run(new CargoLockCataloger(), dir);
        assertThat(result.packages()).extracting(Package::purl).containsExactlyInAnyOrder("pkg:cargo/anyhow@1.0.86", "pkg:cargo/demo@0.1.0");
        assertThat(result.warnings()).singleElement().asString().startsWith(big.resolve("Cargo.lock") + ": larger than");
    }

    private Path crate(String name, String version, String dependencies, String source) throws Exception {
        Path crate = Files.createDirectories(dir.resolve(name).resolve("src"));
        Files.writeString(crate.getParent().resolve("Cargo.toml"), "[package]\nname = \"" + name + "\"\nversion = \"" + version
                + "\"\nedition = \"2021\"\n\n[dependencies]\n" + dependencies);
        Files.writeString(crate.resolve(source), source.equals("main.rs") ? "fn main() {}\n" : "");
        return crate.getParent();
    }

    private Path withSection(String name, byte[] section) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path data = dir.resolve(name + ".dep-v0");
        Files.write(data, section);
        Path out = bin.resolve(name);
        Tools.run(dir, "objcopy", "--add-section", ".dep-v0=" + data, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                out.toString());
        GoBinaryCatalogerTest.executable(out);
        return out;
    }

    /** Overwrites a 64-bit field (24 = sh_offset, 32 = sh_size) of the .dep-v0 section header of a 64-bit little-endian ELF. */
    private static void patchDepV0Header(Path elf, int field, long value) throws Exception {
        byte[] bytes = Files.readAllBytes(elf);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) b.getLong(0x28);
        int entry = Short.toUnsignedInt(b.getShort(0x3a));
        int count = Short.toUnsignedInt(b.getShort(0x3c));
        int names = (int) b.getLong(shoff + Short.toUnsignedInt(b.getShort(0x3e)) * entry + 24);
        for (int i = 0; i < count; i++) {
            int name = names + b.getInt(shoff + i * entry);
            if (new String(bytes, name, 8, StandardCharsets.ISO_8859_1).equals(".dep-v0\0")) {
                b.putLong(shoff + i * entry + field, value);
                Files.write(elf, bytes);
                return;
            }
        }
        throw new AssertionError("no .dep-v0 section in " + elf);
    }

    /** Zlib-compressed, as cargo-auditable stores its JSON. */
    static byte[] zlib(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
