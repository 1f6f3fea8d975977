package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.core.SbomSelection;
import dev.warden.core.SourcePackage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CycloneDxStream} writes what cyclonedx-core-java's generator writes of {@link CycloneDxWriter#toBom}, byte for
 * byte (same serial number and time): the library is the reference, on SBOMs with every part Warden's have.
 */
class CycloneDxStreamTest {
    private static final String SERIAL = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
    private static final Instant AT = Instant.parse("2026-12-08T03:04:05.678Z");
    private static final String LAYER = "sha256:" + "1".repeat(64);

    private static void sameAsTheLibrary(Sbom sbom) throws Exception {
        CycloneDxWriter writer = new CycloneDxWriter(Tool.warden());
        String reference = writer.writeThroughLibrary(sbom, SERIAL, AT);
        assertThat(CycloneDxStream.write(sbom, Tool.warden(), SERIAL, AT)).isEqualTo(reference);
    }

    private static Package pkg(String id, String type, String namespace, String name, String version, List<String> licenses,
            String parent, Map<String, String> properties) {
        return new Package(id, type, namespace, name, version, "pkg:" + type + "/" + name + "@" + version, licenses,
                List.of(new Location("/usr/lib/" + name, LAYER), new Location("/opt/" + name + ".jar!/x", null)),
                type.equals("deb") ? new SourcePackage(name + "-src", version) : null, "test", parent, properties);
    }

    private static ImageInfo image(String manifest, String config) {
        return new ImageInfo("oci-dir:///tmp/x:latest", manifest, config, new ImageInfo.Platform("linux", "arm64", "v8"),
                new ImageInfo.ImageConfig("app", List.of("A=1"), List.of("/bin/sh"), List.of("-c", "true"), "/app",
                        Map.of("org.opencontainers.image.source", "https://example.org/x"), List.of("80/tcp"), "2026-01-01T00:00:00Z",
                        List.of(), List.of()),
                List.of(new ImageInfo.LayerInfo("sha256:" + "2".repeat(64), LAYER, "application/vnd.oci.image.layer.v1.tar+gzip", 10, 3)),
                Map.of(), null, null);
    }

    @Test
    void theSampleAndAnImageWithEveryKindOfPackage() throws Exception {
        sameAsTheLibrary(PrepareSample.sbom());
        List<Package> packages = new ArrayList<>();
        packages.add(pkg("deb-a", "deb", "debian", "zlib1g", "1:1.2.13", List.of("Zlib", "GPL-2.0-or-later"), null,
                Map.of(PackageProperties.ARCH, "amd64", PackageProperties.DEPENDS_ON, "mvn-b missing-one deb-a")));
        packages.add(pkg("mvn-b", "maven", "org.example", "outer", "1.0", List.of("Apache-2.0 OR MIT"), null,
                Map.of(PackageProperties.SHA1, "a".repeat(40))));
        packages.add(pkg("mvn-c", "maven", "org.example", "inner", "2.0", List.of("Some Licence \"quoted\"\ttabbed", "MIT"),
                "mvn-b", Map.of()));
        packages.add(pkg("npm-d", "npm", "", "ünïcødé ✓ <&>", "", List.of(" ", "apache-2.0"), null,
                Map.of(PackageProperties.DEPENDS_ON, "gone")));
        packages.add(pkg("py-e", "pypi", null, "ctrl\u0001char", "0.1", List.of("(MIT AND BSD-3-Clause) WITH LLVM-exception"),
                null, Map.of()));
        // text the library trims and whose breaks and runs of spaces it folds, in every kind of field
        packages.add(new Package("ws-f", "generic", " spaced\tgroup ", "\u0001name  with\r\nbreaks\n", " 1.0\t",
                "pkg:generic/x@1 ", List.of("  Licence\twith  spaces "), List.of(new Location(" /a\tb ", LAYER)), null,
                "test", null, Map.of("warden:note", "  value\twith\nbreaks  ")));
        // a chain deeper than the nesting the reader accepts: the rest become siblings
        String parent = "mvn-c";
        for (int i = 0; i < SbomLimits.MAX_NESTING_DEPTH + 3; i++) {
            packages.add(pkg("deep-" + i, "maven", "org.deep", "d" + i, "1", List.of(), parent, Map.of()));
            parent = "deep-" + i;
        }
        Distro distro = new Distro("debian", "12", "bookworm", " Debian  GNU/Linux 12\t(bookworm)\n");
        sameAsTheLibrary(new Sbom(image("sha256:" + "3".repeat(64), "sha256:" + "4".repeat(64)), distro, packages, List.of()));
        // a docker-save archive (no manifest digest), a root filesystem (no digest), no distro, a partial selection
        sameAsTheLibrary(new Sbom(image(null, "sha256:" + "4".repeat(64)), null, packages.subList(0, 3), List.of()));
        sameAsTheLibrary(new Sbom(image(null, null), new Distro("alpine", null, null, null), List.of(), List.of()));
        sameAsTheLibrary(new Sbom(null, null, packages, List.of(), null, null,
                new SbomSelection(List.of("os"), List.of("/tmp/**"), List.of("*.pyc"))));
    }

    /** Many packages, as a real image has: the same bytes through {@link CycloneDxWriter#write} (plus its line break). */
    @Test
    void aThousandPackagesThroughTheWriter() throws Exception {
        List<Package> packages = new ArrayList<>();
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            props.put(PackageProperties.DEPENDS_ON, "p" + (i + 1) + " p" + (i + 2));
            packages.add(pkg("p" + i, i % 2 == 0 ? "deb" : "maven", "ns" + i % 3, "n" + i, "1." + i,
                    i % 5 == 0 ? List.of() : List.of("MIT"), null, props));
        }
        Sbom sbom = new Sbom(image("sha256:" + "3".repeat(64), "sha256:" + "4".repeat(64)), null, packages, List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CycloneDxWriter(Tool.warden()).write(sbom, out);
        String written = out.toString(StandardCharsets.UTF_8);
        String serial = written.substring(written.indexOf("urn:uuid:"), written.indexOf("urn:uuid:") + 45);
        Instant at = Instant.parse(written.substring(written.indexOf("\"timestamp\" : \"") + 15, written.indexOf("\"timestamp\" : \"") + 35));
        assertThat(written).isEqualTo(new CycloneDxWriter(Tool.warden()).writeThroughLibrary(sbom, serial, at) + "\n");
    }
}
