package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go binary and a cargo-auditable binary inside an OCI image, catalogued by the whole orchestrator (every default
 * cataloger, layer by layer, with the layer cache), without and then with the cache filled. The layer tars carry
 * no executable bits, so the binaries are found by content alone.
 */
@Tag("live") // go, cargo, umoci build the image
class BinariesInImageTest {
    @TempDir
    Path tmp;

    @Test
    void goAndRustBinariesInAnImageWithAndWithoutTheLayerCache() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("hello"));
        Files.writeString(src.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n");
        Files.writeString(src.resolve("main.go"), "package main\n\nfunc main() { println(\"hello\") }\n");
        Path hello = tmp.resolve("hello-bin");
        Tools.run(src, Map.of("GOFLAGS", "-mod=mod", "GOPROXY", "off", "CGO_ENABLED", "0", "GOPATH", tmp.resolve("gopath").toString()),
                "go", "build", "-trimpath", "-o", hello.toString(), ".");
        GoBinaryCatalogerTest.Reference expected = GoBinaryCatalogerTest.goVersionM(hello);

        // a .dep-v0 section as cargo-auditable writes it (see RustCatalogerTest), on a copy of the JDK launcher
        String json = "{\"packages\":[{\"name\":\"tool\",\"version\":\"2.0.0\",\"source\":\"local\",\"dependencies\":[1],\"root\":true},"
                + "{\"name\":\"log\",\"version\":\"0.4.21\",\"source\":\"crates.io\"}]}";
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(tmp.resolve("dep-v0"), z.toByteArray());
        Path tool = tmp.resolve("tool");
        Tools.run(tmp, "objcopy", "--add-section", ".dep-v0=" + tmp.resolve("dep-v0"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), tool.toString());

        byte[] base = new TarBuilder().dir("usr/").dir("usr/local/").dir("usr/local/bin/")
                .file("usr/local/bin/hello", Files.readAllBytes(hello)).build();
        byte[] upper = new TarBuilder().dir("opt/").file("opt/tool", Files.readAllBytes(tool)).file("opt/README", "not a binary").build();
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.gzip(upper)).write(tmp.resolve("oci"));
        String source = "oci-dir://" + layout + ":latest";

        Path cache = tmp.resolve("cache");
        Sbom uncached = scan(source, null);
        Sbom first = scan(source, cache);
        Sbom cached = scan(source, cache);
        for (Sbom sbom : List.of(uncached, first, cached)) {
            assertThat(sbom.warnings()).isEmpty();
            Set<String> golang = sbom.packages().stream().filter(p -> p.type().equals("golang"))
                    .map(p -> (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + (p.version() == null ? "" : p.version()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(golang).isEqualTo(expected.modules());
            assertThat(sbom.packages()).filteredOn(p -> p.type().equals("golang"))
                    .allSatisfy(p -> assertThat(p.locations().getFirst().path()).isEqualTo("/usr/local/bin/hello"));
            assertThat(sbom.packages()).filteredOn(p -> p.type().equals("cargo")).extracting(Package::purl)
                    .containsExactlyInAnyOrder("pkg:cargo/tool@2.0.0", "pkg:cargo/log@0.4.21");
            assertThat(sbom.packages()).filteredOn(p -> p.type().equals("cargo"))
                    .allSatisfy(p -> assertThat(p.locations().getFirst().layerDiffId()).isEqualTo(sbom.image().layers().get(1).diffId()));
        }
        assertThat(cached.packages()).isEqualTo(uncached.packages());
    }

    private Sbom scan(String source, Path cache) throws Exception {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(cache))) {
            Sbom sbom = Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
            assertThat(image.warnings()).isEmpty();
            return sbom;
        }
    }
}
