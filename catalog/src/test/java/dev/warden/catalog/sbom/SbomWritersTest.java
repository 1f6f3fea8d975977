package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Sbom;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SbomWritersTest {
    private static final Tool TOOL = new Tool("warden", "warden", "0.1.0-test");
    private final ObjectMapper json = new ObjectMapper();

    static byte[] write(SbomFormat format, Sbom sbom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer(TOOL).write(sbom, out);
        return out.toByteArray();
    }

    @Test
    void cycloneDxIsValidAndCarriesImageOsPackagesLicensesHashesAndNesting() throws IOException {
        byte[] bytes = write(SbomFormat.CYCLONEDX_JSON, SbomFixtures.debianWithApp());
        SchemaValidation.assertValidCycloneDx16(bytes);
        JsonNode bom = json.readTree(bytes);

        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        JsonNode image = bom.path("metadata").path("component");
        assertThat(image.path("type").asText()).isEqualTo("container");
        assertThat(image.path("name").asText()).isEqualTo("registry.example.com/shop/app:1.4.2");
        assertThat(image.path("hashes").get(0).path("content").asText())
                .isEqualTo("9b2c1f4e8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3");
        assertThat(image.path("purl").asText()).isEqualTo("pkg:oci/app@sha256%3A9b2c1f4e8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3"
                + "?arch=amd64&repository_url=registry.example.com%2Fshop%2Fapp&tag=1.4.2");
        assertThat(property(image, "warden:image:architecture")).isEqualTo("amd64");
        assertThat(property(image, "warden:image:layer:1:diffID")).isEqualTo(SbomFixtures.APP_LAYER);

        JsonNode os = bom.path("components").get(0);
        assertThat(os.path("type").asText()).isEqualTo("operating-system");
        assertThat(os.path("name").asText()).isEqualTo("debian");
        assertThat(os.path("version").asText()).isEqualTo("12");

        JsonNode libssl = component(bom, "libssl3");
        assertThat(libssl.path("bom-ref").asText()).isEqualTo(libssl.path("purl").asText());
        assertThat(libssl.path("licenses").get(0).path("license").path("id").asText()).isEqualTo("Apache-2.0");
        assertThat(property(libssl, "warden:source:name")).isEqualTo("openssl");
        assertThat(property(libssl, "warden:location:0:path")).isEqualTo("/var/lib/dpkg/status");
        assertThat(property(libssl, "warden:location:0:layerDiffID")).isEqualTo(SbomFixtures.BASE_LAYER);
        assertThat(libssl.has("group")).as("deb namespace is the vendor, not a group").isFalse();

        JsonNode libc = component(bom, "libc6");
        assertThat(libc.path("licenses")).hasSize(3);
        assertThat(libc.path("licenses").get(2).path("license").path("name").asText()).isEqualTo("public-domain");
        assertThat(component(bom, "rimraf").path("licenses").get(0).path("expression").asText()).isEqualTo("(MIT OR Apache-2.0)");
        assertThat(component(bom, "typing-extensions").path("licenses").get(0).path("license").path("name").asText())
                .isEqualTo("Python Software Foundation License");
        assertThat(component(bom, "tzdata").has("licenses")).isFalse();

        JsonNode shop = component(bom, "shop");
        assertThat(shop.path("group").asText()).isEqualTo("com.example");
        assertThat(shop.path("hashes").get(0).path("alg").asText()).isEqualTo("SHA-1");
        assertThat(shop.path("hashes").get(0).path("content").asText()).isEqualTo("3f786850e387550fdab836ed7e6dc881de23001b");
        assertThat(property(shop, "warden:sha1")).as("hash is not repeated as a property").isNull();
        JsonNode spring = shop.path("components").get(0);
        assertThat(spring.path("name").asText()).isEqualTo("spring-core");
        assertThat(spring.path("components").get(0).path("name").asText()).isEqualTo("asm");
        assertThat(StreamSupport.stream(bom.path("components").spliterator(), false).map(c -> c.path("name").asText()))
                .as("nested packages appear once, inside their parent").doesNotContain("spring-core", "asm");
    }

    @Test
    void spdxIsValidAndCarriesPackagesLicensesChecksumsAndContains() throws IOException {
        byte[] bytes = write(SbomFormat.SPDX_JSON, SbomFixtures.debianWithApp());
        SchemaValidation.assertValidSpdx23(bytes);
        JsonNode doc = json.readTree(bytes);

        assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(doc.path("documentNamespace").asText()).startsWith("https://warden.dev/spdx/registry.example.com-shop-app-1.4.2-");
        assertThat(doc.path("creationInfo").path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode libc = spdxPackage(doc, "libc6");
        assertThat(libc.path("licenseDeclared").asText())
                .isEqualTo("GPL-2.0-or-later AND LGPL-2.1-or-later AND LicenseRef-public-domain");
        assertThat(libc.path("externalRefs").get(0).path("referenceLocator").asText())
                .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12");
        assertThat(spdxPackage(doc, "rimraf").path("licenseDeclared").asText()).isEqualTo("(MIT OR Apache-2.0)");
        assertThat(spdxPackage(doc, "umoci").path("licenseDeclared").asText()).isEqualTo("GPL-2.0-only WITH Classpath-exception-2.0");
        assertThat(spdxPackage(doc, "tzdata").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
        assertThat(spdxPackage(doc, "shop").path("checksums").get(0).path("algorithm").asText()).isEqualTo("SHA1");
        List<String> extracted = new ArrayList<>();
        doc.path("hasExtractedLicensingInfos").forEach(e -> extracted.add(e.path("licenseId").asText() + "=" + e.path("name").asText()));
        assertThat(extracted).containsExactlyInAnyOrder("LicenseRef-public-domain=public-domain",
                "LicenseRef-Debian-custom=LicenseRef-Debian-custom",
                "LicenseRef-Python-Software-Foundation-License=Python Software Foundation License");

        String shopId = spdxPackage(doc, "shop").path("SPDXID").asText();
        String springId = spdxPackage(doc, "spring-core").path("SPDXID").asText();
        assertThat(relationships(doc)).contains("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image",
                "SPDXRef-Image CONTAINS SPDXRef-OperatingSystem", "SPDXRef-Image CONTAINS " + shopId,
                shopId + " CONTAINS " + springId);
        assertThat(spdxPackage(doc, "debian").path("primaryPackagePurpose").asText()).isEqualTo("OPERATING_SYSTEM");
        // the 2.3 schema in tools-java has no patterns; SPDX 2.3.1's schema adds these two: hold to them too
        doc.path("packages").forEach(p -> assertThat(p.path("SPDXID").asText()).matches("^SPDXRef-[a-zA-Z0-9.-]+$"));
        doc.path("packages").forEach(p -> p.path("annotations").forEach(a -> assertThat(a.path("annotationDate").asText())
                .matches("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|23:59:60)Z$")));
    }

    @Test
    void twoSpdxDocumentsOfTheSameImageHaveDifferentNamespaces() throws IOException {
        Sbom sbom = SbomFixtures.debianWithApp();
        assertThat(json.readTree(write(SbomFormat.SPDX_JSON, sbom)).path("documentNamespace"))
                .isNotEqualTo(json.readTree(write(SbomFormat.SPDX_JSON, sbom)).path("documentNamespace"));
    }

    @Test
    void tableListsEveryPackageSortedByTypeNameVersion() throws IOException {
        String table = new String(write(SbomFormat.TABLE, SbomFixtures.debianWithApp()), StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).matches("TYPE +NAME +VERSION +LICENCES");
        assertThat(lines).hasSize(1 + SbomFixtures.debianWithApp().packages().size());
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.split(" +")[0] + " " + l.split(" +")[1]).toList())
                .containsExactly("deb libc6", "deb libssl3", "deb openssl", "deb tzdata", "golang github.com/opencontainers/umoci",
                        "maven com.example:shop", "maven org.ow2.asm:asm", "maven org.springframework:spring-core",
                        "npm @babel/core", "npm rimraf", "pypi typing-extensions");
        assertThat(lines).anyMatch(l -> l.matches("deb +libc6 +2\\.36-9\\+deb12u9 +GPL-2\\.0-or-later, LGPL-2\\.1-or-later, public-domain"));
        assertThat(lines).anyMatch(l -> l.matches("deb +tzdata +2024a-0\\+deb12u1 +-"));
    }

    @Test
    void emptySbomOfARootFilesystemIsStillValid() throws IOException {
        Sbom empty = new Sbom(new dev.warden.core.ImageInfo("/", null, null, null, dev.warden.core.ImageInfo.ImageConfig.EMPTY,
                List.of(), java.util.Map.of()), null, List.of(), List.of());
        SchemaValidation.assertValidCycloneDx16(write(SbomFormat.CYCLONEDX_JSON, empty));
        SchemaValidation.assertValidSpdx23(write(SbomFormat.SPDX_JSON, empty));
        assertThat(json.readTree(write(SbomFormat.CYCLONEDX_JSON, empty)).path("metadata").path("component").path("type").asText())
                .isEqualTo("file");
    }

    @Test
    void theSchemaChecksCatchWhatTheyShould() {
        // the validators must be able to fail: an unknown licence id; a package without downloadLocation
        byte[] badCdx = """
                {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
                 "components":[{"type":"library","name":"x","licenses":[{"license":{"id":"Not-A-Licence"}}]}]}"""
                .getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaValidation.assertValidCycloneDx16(badCdx))
                .isInstanceOf(AssertionError.class);
        byte[] badSpdx = """
                {"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"x",
                 "documentNamespace":"https://example.com/x","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: x"]},
                 "packages":[{"SPDXID":"SPDXRef-x","name":"x","primaryPackagePurpose":"LIBRARY"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaValidation.assertValidSpdx23(badSpdx))
                .isInstanceOf(AssertionError.class);
    }

    static String property(JsonNode component, String name) {
        for (JsonNode p : component.path("properties")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return null;
    }

    static JsonNode component(JsonNode bom, String name) {
        List<JsonNode> pending = new ArrayList<>();
        bom.path("components").forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode c = pending.remove(0);
            if (c.path("name").asText().equals(name)) {
                return c;
            }
            c.path("components").forEach(pending::add);
        }
        throw new AssertionError("no component " + name);
    }

    private static JsonNode spdxPackage(JsonNode doc, String name) {
        for (JsonNode p : doc.path("packages")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no package " + name);
    }

    private static List<String> relationships(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("relationships").forEach(r -> out.add(r.path("spdxElementId").asText() + " "
                + r.path("relationshipType").asText() + " " + r.path("relatedSpdxElement").asText()));
        return out;
    }
}
