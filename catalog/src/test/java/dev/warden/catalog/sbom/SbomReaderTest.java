package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads real SBOMs written by other tools (see src/test/resources/sbom/README.md). */
class SbomReaderTest {
    private final SbomReader reader = new SbomReader();

    static Path resource(String name) {
        try {
            return Path.of(SbomReaderTest.class.getResource("/sbom/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every component (at any depth) that has a purl, straight from the JSON: what the reader must return. */
    private static List<String> purlsInDocument(Path file) throws IOException {
        List<String> purls = new ArrayList<>();
        List<JsonNode> pending = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).path("components").forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode c = pending.remove(pending.size() - 1);
            if (c.hasNonNull("purl")) {
                purls.add(c.get("purl").asText());
            }
            c.path("components").forEach(pending::add);
        }
        return purls;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cyclonedx/dropwizard-1.3.15.cdx-1.2.json", "cyclonedx/laravel-7.12.0.cdx-1.4.json",
        "cyclonedx/proton-bridge-v1.8.0.cdx-1.2.json", "trivy/minikube-kbom.json", "trivy/license-cyclonedx.json"})
    void readsEveryComponentWithAPurlFromRealCycloneDxDocuments(String name) throws Exception {
        Path file = resource(name);
        Sbom sbom = reader.read(file);
        List<String> expected = purlsInDocument(file);
        assertThat(expected).isNotEmpty();
        assertThat(sbom.packages()).extracting(Package::purl)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sbom.packages()).allSatisfy(p -> {
            assertThat(p.name()).isNotBlank();
            assertThat(p.type()).isNotBlank();
        });
    }

    @Test
    void cycloneDx12ComponentKeepsGroupVersionLicenseAndHashes() {
        Sbom sbom = reader.read(resource("cyclonedx/dropwizard-1.3.15.cdx-1.2.json"));
        Package annotations = find(sbom, "jackson-annotations");
        assertThat(annotations.type()).isEqualTo("maven");
        assertThat(annotations.namespace()).isEqualTo("com.fasterxml.jackson.core");
        assertThat(annotations.version()).isEqualTo("2.9.10");
        assertThat(annotations.licenses()).containsExactly("Apache-2.0");
        assertThat(annotations.id()).isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.9.10?type=jar");
        assertThat(annotations.properties()).containsEntry("warden:sha1", "53ab2f0f92e87ea4874c8c6997335c211d81e636")
                .containsEntry("warden:md5", "26c2b6f7bc704ccadc64c83995e0ff7f");
    }

    /** cyclonedx-gomod (as Syft) names a Go module by its whole path, which the purl splits: the namespace is not said twice. */
    @Test
    void aGoModuleNamedByItsPathKeepsTheNamespaceOnce() {
        Sbom sbom = reader.read(resource("cyclonedx/proton-bridge-v1.8.0.cdx-1.2.json"));
        Package toml = sbom.packages().stream().filter(p -> "pkg:golang/github.com/BurntSushi/toml@v0.3.1".equals(p.purl()))
                .findFirst().orElseThrow();
        assertThat(toml.namespace()).isEqualTo("github.com/BurntSushi");
        assertThat(toml.name()).isEqualTo("toml");
        assertThat(sbom.packages()).filteredOn(p -> p.namespace() != null)
                .allSatisfy(p -> assertThat(p.name()).as(p.purl()).doesNotStartWith(p.namespace() + "/"));
    }

    @Test
    void trivyCycloneDxGivesDistroSourcePackagesAndLayers() {
        Sbom sbom = reader.read(resource("trivy/centos-7-cyclonedx.json"));
        assertThat(sbom.distro().id()).isEqualTo("centos");
        assertThat(sbom.distro().versionId()).isEqualTo("7.6.1810");
        assertThat(sbom.image().reference()).isEqualTo("integration/testdata/fixtures/images/centos-7.tar.gz");
        Package openssl = find(sbom, "openssl-libs");
        assertThat(openssl.type()).isEqualTo("rpm");
        assertThat(openssl.source().name()).isEqualTo("openssl");
        assertThat(openssl.source().version()).isEqualTo("1:1.0.2k-16.el7");
        assertThat(openssl.licenses()).containsExactly("OpenSSL+");
        assertThat(openssl.locations()).extracting(l -> l.layerDiffId())
                .containsExactly("sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a");
        assertThat(sbom.packages()).hasSize(2);
    }

    @Test
    void trivySpdxGivesTheSamePackagesAsTrivyCycloneDx() {
        Sbom spdx = reader.read(resource("trivy/centos-7-spdx.json"));
        Sbom cdx = reader.read(resource("trivy/centos-7-cyclonedx.json"));
        assertThat(spdx.packages()).extracting(Package::purl).containsExactlyInAnyOrderElementsOf(
                cdx.packages().stream().map(Package::purl).toList());
        // Trivy's SPDX versionInfo drops the rpm release ("4.2.46"); the purl has the full version
        assertThat(spdx.packages()).extracting(Package::version).containsExactlyInAnyOrderElementsOf(
                cdx.packages().stream().map(Package::version).toList());
        assertThat(spdx.distro().id()).isEqualTo("centos");
        assertThat(spdx.distro().versionId()).isEqualTo("7.6.1810");
        assertThat(find(spdx, "bash").source().name()).isEqualTo("bash");
    }

    @Test
    void distroComesFromPurlQualifiersWhenNoOsElementExists() throws IOException {
        String doc = """
                {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
                 {"type":"library","name":"bash","version":"5.2.15-2+b7","purl":"pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12"}]}""";
        Sbom sbom = reader.read(doc.getBytes(StandardCharsets.UTF_8), "inline.json");
        assertThat(sbom.distro().id()).isEqualTo("debian");
        assertThat(sbom.distro().versionId()).isEqualTo("12");
        assertThat(sbom.packages().get(0).version()).isEqualTo("5.2.15-2+b7");
    }

    @Test
    void spdx23ExamplesGivePackagesWithPurlsLicensesAndNesting() {
        Sbom acme = reader.read(resource("spdx/presentations_SBOMS-SPDX-Now-and-Future_ACME-v2.3.spdx.json"));
        // the APPLICATION without a purl is the product described, not a package in it
        assertThat(acme.packages()).extracting(Package::name).containsExactlyInAnyOrder("elliptic", "alpine", "OpenSSL");
        assertThat(find(acme, "elliptic").purl()).isEqualTo("pkg:npm/elliptic@6.5.2");
        assertThat(find(acme, "elliptic").licenses()).containsExactly("MIT");

        Sbom hello = reader.read(resource("spdx/software_example11_spdx2.3_sbom.spdx.json"));
        assertThat(hello.packages()).extracting(Package::purl).containsExactlyInAnyOrder(
                "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x", "pkg:cargo/hyper@0.14", "pkg:cargo/tokio@1.19.2",
                "pkg:cargo/pretty_env_logger@0.4.0");
        assertThat(find(hello, "tokio").licenses()).as("declared NOASSERTION: the concluded licence").containsExactly("MIT");

        Sbom tools = reader.read(resource("spdx/presentations_OSS-NA-2023_SPDXVersion2.3_03-SBOMwDependency.json"));
        assertThat(find(tools, "tools-java").properties()).containsEntry("warden:sha1", "e01bcba3c55fa7f0c82d08d0cdce9061b21bf32f");
    }

    @Test
    void splitsTopLevelAndOnlyWhereThereIsNoTopLevelOr() {
        assertThat(SpdxReader.splitTopLevelAnd("MIT AND (Apache-2.0 OR BSD-3-Clause)")).containsExactly("MIT", "Apache-2.0 OR BSD-3-Clause");
        assertThat(SpdxReader.splitTopLevelAnd("MIT OR Apache-2.0 AND BSD-3-Clause")).containsExactly("MIT OR Apache-2.0 AND BSD-3-Clause");
        assertThat(SpdxReader.splitTopLevelAnd("(MIT AND ISC)")).containsExactly("(MIT AND ISC)");
        assertThat(SpdxReader.splitTopLevelAnd("((MIT OR ISC)) AND (GPL-2.0-only WITH Classpath-exception-2.0)"))
                .containsExactly("(MIT OR ISC)", "GPL-2.0-only WITH Classpath-exception-2.0");
        assertThat(SpdxReader.splitTopLevelAnd("(MIT) OR (ISC)")).containsExactly("(MIT) OR (ISC)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdx/software_example1_spdx2.2_example1.spdx:SPDX tag-value is not supported",
        "spdx/software_example11_spdx3.0_sbom.spdx3.json:SPDX 3",
        "cyclonedx/laravel-7.12.0.cdx-1.4.xml:XML SBOMs are not supported"})
    void unsupportedFormatsAreNamedInOneLine(String caseText) {
        String[] parts = caseText.split(":", 2);
        Path file = resource(parts[0]);
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(WardenException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(parts[1]);
    }

    @Test
    void malformedInputIsAWardenExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        assertRejected(dir, "truncated.json", "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":", "not valid JSON");
        assertRejected(dir, "array.json", "[1,2,3]", "not a JSON object");
        assertRejected(dir, "unknown.json", "{\"hello\":\"world\"}", "not a CycloneDX, SPDX 2 or Warden SBOM");
        assertRejected(dir, "components-string.json", "{\"bomFormat\":\"CycloneDX\",\"components\":\"x\"}", "'components' is not a JSON array");
        assertRejected(dir, "component-number.json", "{\"bomFormat\":\"CycloneDX\",\"components\":[42]}", "not a JSON object");
        assertRejected(dir, "spdx-packages.json", "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":{}}", "'packages' is not a JSON array");
        assertRejected(dir, "warden-bad.json", "{\"schema\":\"warden-sbom/1\",\"packages\":[{\"name\":3,\"licenses\":{}}]}", "malformed Warden SBOM");
        assertRejected(dir, "empty.json", "", "not");
        assertThatThrownBy(() -> reader.read(dir.resolve("missing.json"))).isInstanceOf(WardenException.class)
                .hasMessage(dir.resolve("missing.json") + ": no such SBOM file");
    }

    @Test
    void componentsNestedBeyondTheLimitAreRefused(@TempDir Path dir) throws IOException {
        int depth = SbomLimits.MAX_NESTING_DEPTH + 1;
        String doc = "{\"bomFormat\":\"CycloneDX\",\"components\":"
                + "[{\"type\":\"library\",\"name\":\"n\",\"components\":".repeat(depth) + "[]" + "}]".repeat(depth) + "}";
        assertRejected(dir, "deep.json", doc, "nested deeper than " + SbomLimits.MAX_NESTING_DEPTH);

        String atLimit = "{\"bomFormat\":\"CycloneDX\",\"components\":"
                + "[{\"type\":\"library\",\"name\":\"n\",\"components\":".repeat(depth - 1) + "[]" + "}]".repeat(depth - 1) + "}";
        Path ok = Files.writeString(dir.resolve("at-limit.json"), atLimit);
        Sbom sbom = reader.read(ok);
        assertThat(sbom.packages()).hasSize(depth - 1);
        assertThat(sbom.packages().get(depth - 2).parentId()).isEqualTo(sbom.packages().get(depth - 3).id());
    }

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.json");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(SbomLimits.MAX_FILE_BYTES + 1); // sparse: no disk used
        }
        assertThatThrownBy(() -> reader.read(huge)).isInstanceOf(WardenException.class)
                .hasMessage(huge + ": SBOM file is " + (SbomLimits.MAX_FILE_BYTES + 1) + " bytes, more than the limit of "
                        + SbomLimits.MAX_FILE_BYTES);
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIsRefusedWithoutAStackOverflow(@TempDir Path dir) throws IOException {
        String doc = "{\"bomFormat\":\"CycloneDX\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertRejected(dir, "brackets.json", doc, "not valid JSON");
    }

    @Test
    void invalidPurlIsAWarningAndThePackageIsKept() {
        String doc = """
                {"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","version":"1","purl":"not a purl"}]}""";
        Sbom sbom = reader.read(doc.getBytes(StandardCharsets.UTF_8), "bad-purl.json");
        assertThat(sbom.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl()).isNull();
            assertThat(p.name()).isEqualTo("x");
        });
        assertThat(sbom.warnings()).singleElement().asString().startsWith("bad-purl.json: package 'x' has an invalid purl");
    }

    private void assertRejected(Path dir, String name, String content, String message) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(WardenException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static Package find(Sbom sbom, String name) {
        return sbom.packages().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no package " + name + " in " + sbom.packages().stream().map(Package::name).toList()));
    }
}
