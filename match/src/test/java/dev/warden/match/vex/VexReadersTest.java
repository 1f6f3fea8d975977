package dev.warden.match.vex;

import static dev.warden.match.vex.VexFixtures.load;
import static dev.warden.match.vex.VexFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real OpenVEX, CSAF and CycloneDX documents read into statements, field by field. */
class VexReadersTest {

    @Test
    void openVex020ProductsWithSubcomponents() {
        List<VexStatement> s = load("openvex/vex-v0.2.0.json");
        assertThat(s).extracting(VexStatement::vulnerability)
                .containsExactly("CVE-2023-1255", "CVE-2023-2650", "CVE-2023-2975", "CVE-2023-3446", "CVE-2023-3817");
        VexStatement last = s.get(4);
        assertThat(last.status()).isEqualTo(VexStatus.NOT_AFFECTED);
        assertThat(last.justification()).isEqualTo("vulnerable_code_not_present");
        assertThat(last.impactStatement()).isEqualTo("affected functions were removed before packaging");
        assertThat(last.products()).containsExactly(
                "pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126");
        assertThat(last.subcomponents()).containsExactly("pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3");
        // no statement timestamp: the document's (-06:00 offset) applies
        assertThat(last.timestamp()).isEqualTo(Instant.parse("2023-07-18T00:28:47.696004345Z"));
        assertThat(last.document()).endsWith("vex-v0.2.0.json (https://openvex.dev/docs/public/vex-d4e9020b6d0d26f131d535e055902dd6ccf3e2088bce3079a8cd3588a4b14c78)");
    }

    @Test
    void openVex001StringsAndStatementTimestamps() {
        VexStatement old = load("openvex/vex-v0.0.1.json").get(0);
        assertThat(old.vulnerability()).isEqualTo("CVE-2023-12345");
        assertThat(old.status()).isEqualTo(VexStatus.FIXED);
        assertThat(old.products()).containsExactly("pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64");
        VexStatement investigating = load("openvex/vex-v001-1.vex.json").get(0);
        assertThat(investigating.status()).isEqualTo(VexStatus.UNDER_INVESTIGATION);
        assertThat(investigating.timestamp()).isEqualTo(Instant.parse("2022-12-22T21:36:43Z"));
        assertThat(investigating.document()).endsWith("vex-v001-1.vex.json (my-vexdoc2)");
    }

    @Test
    void specExamplesAndTrivyVulnerabilityIdOnly() {
        assertThat(load("openvex/spec-example-01.json")).singleElement()
                .satisfies(s -> assertThat(s.products()).hasSize(2));
        assertThat(load("openvex/spec-example-06.json").get(0).status()).isEqualTo(VexStatus.UNDER_INVESTIGATION);
        // Trivy's fixture names the vulnerability by @id only
        VexStatement trivy = load("trivy-gomod/openvex.json").get(0);
        assertThat(trivy.vulnerability()).isEqualTo("CVE-2022-23628");
        assertThat(trivy.products()).containsExactly("pkg:golang/github.com/testdata/testdata");
        assertThat(trivy.subcomponents()).containsExactly("pkg:golang/github.com/open-policy-agent/opa@v0.35.0");
        assertThat(trivy.justification()).isEqualTo("vulnerable_code_not_in_execute_path");
    }

    @Test
    void productsWithoutIdOrPurlAreWarnedAbout() {
        String doc = """
                {"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","statements":[
                 {"vulnerability":{"name":"CVE-1"},"status":"fixed","products":[{"hashes":{"sha-256":"abc"}}]},
                 {"vulnerability":{"name":"CVE-2"},"status":"fixed","products":[{"identifiers":{"purl":"pkg:npm/a"}}]}]}
                """;
        List<String> warnings = new java.util.ArrayList<>();
        List<VexStatement> s = VexDocuments.parse(doc.getBytes(), "hashes.json", warnings::add);
        assertThat(s).singleElement().satisfies(st -> assertThat(st.products()).containsExactly("pkg:npm/a"));
        assertThat(warnings).singleElement().asString().contains("hashes.json statement 1").contains("no product");
    }

    @Test
    void directoryIsReadInNameOrder() {
        List<VexStatement> all = VexDocuments.load(List.of(resource("openvex")));
        List<String> documents = all.stream().map(VexStatement::document).distinct()
                .map(d -> java.nio.file.Path.of(d.split(" \\(")[0]).getFileName().toString()).toList();
        assertThat(documents).isSorted().contains("vex-v0.2.0.json", "grype-openvex-debian.json");
    }

    @Test
    void csafNotAffectedTakesTheFlagAsJustification() {
        VexStatement s = load("csaf/grype-csaf-demo2.json").get(0);
        assertThat(s.vulnerability()).isEqualTo("CVE-2023-3817");
        assertThat(s.status()).isEqualTo(VexStatus.NOT_AFFECTED);
        assertThat(s.justification()).isEqualTo("vulnerable_code_not_present");
        assertThat(s.products()).containsExactly("pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64&upstream=openssl&distro=alpine-3.17.3");
        assertThat(s.timestamp()).isEqualTo(Instant.parse("2022-03-03T11:00:00Z"));
        assertThat(s.document()).endsWith("grype-csaf-demo2.json (2022-EVD-UC-01-A-001)");
        VexStatement fixed = load("csaf/grype-csaf-demo1.json").get(0);
        assertThat(fixed.status()).isEqualTo(VexStatus.FIXED);
        assertThat(fixed.impactStatement()).as("an impact statement only qualifies not_affected").isNull();
    }

    @Test
    void csafThreatsGiveTheImpactAndUnresolvableProductsWarn() {
        List<String> warnings = new java.util.ArrayList<>();
        List<VexStatement> s = VexDocuments.parse(bytes("csaf/go-vex-csaf-csaf.json"), "csaf.json", warnings::add);
        assertThat(s).extracting(VexStatement::vulnerability).containsExactly("CVE-2009-4487", "CVE-2009-4488");
        assertThat(s).allSatisfy(st -> {
            assertThat(st.status()).isEqualTo(VexStatus.NOT_AFFECTED);
            assertThat(st.products()).containsExactly("pkg:maven/@1.3.4");
            assertThat(st.impactStatement()).isEqualTo("Class with vulnerable code was removed before shipping.");
        });
        // known_affected lists ABC:CSAFPID-0002, which the product tree does not define
        assertThat(warnings).singleElement().asString().contains("1 product id(s) without a purl").contains("ABC:CSAFPID-0002");
    }

    @Test
    void csafRelationshipScopesTheComponent() {
        // Red Hat: "python3.9 ... as a component of RHEL AppStream"; the products have CPEs only, the component a purl
        List<VexStatement> s = load("csaf/redhat-csaf-rhsa-2024_6163.json");
        assertThat(s).isNotEmpty().allSatisfy(st -> {
            assertThat(st.vulnerability()).isEqualTo("CVE-2024-8088");
            assertThat(st.status()).isEqualTo(VexStatus.FIXED);
            assertThat(st.products()).allSatisfy(p -> assertThat(p).startsWith("pkg:rpm/redhat/python3.9@"));
        });
    }

    @Test
    void cycloneDxBomLinkFragmentIsThePurl() {
        VexStatement s = load("cyclonedx/vex.json").get(0);
        assertThat(s.vulnerability()).isEqualTo("CVE-2020-25649");
        assertThat(s.aliases()).containsExactly("SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302");
        assertThat(s.status()).isEqualTo(VexStatus.NOT_AFFECTED);
        assertThat(s.justification()).isEqualTo("vulnerable_code_not_in_execute_path"); // code_not_reachable
        assertThat(s.products()).containsExactly("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
        assertThat(s.impactStatement()).startsWith("Automated dataflow analysis");
        assertThat(s.timestamp()).isEqualTo(Instant.parse("2021-10-26T00:00:00Z")); // vulnerability 'updated'
    }

    @Test
    void cycloneDxStatesOfTheCisaExample() {
        List<VexStatement> s = load("cyclonedx/cisa-case-3-vex.json");
        assertThat(s).hasSize(19);
        assertThat(s).filteredOn(st -> st.vulnerability().equals("CVE-2020-11896")).singleElement()
                .extracting(VexStatement::status).isEqualTo(VexStatus.UNDER_INVESTIGATION); // in_triage
        assertThat(s).filteredOn(st -> st.vulnerability().equals("CVE-2020-11898")).singleElement()
                .satisfies(st -> {
                    assertThat(st.status()).isEqualTo(VexStatus.AFFECTED); // exploitable
                    assertThat(st.actionStatement()).isEqualTo("We are working to integrate the upstream patches in our code.");
                });
        assertThat(s).filteredOn(st -> st.vulnerability().equals("CVE-2020-11901")).singleElement()
                .extracting(VexStatement::status).isEqualTo(VexStatus.FIXED); // resolved
        assertThat(s).filteredOn(st -> st.vulnerability().equals("CVE-2020-11897")).singleElement()
                .extracting(VexStatement::justification).isEqualTo("vulnerable_code_not_present"); // code_not_present
        // the ref is a bom-ref of a BOM not given: kept as written, it matches no package
        assertThat(s).allSatisfy(st -> assertThat(st.products()).containsExactly("product-GHI"));
    }

    @Test
    void cycloneDxVersionsRangesAndMissingAffects() {
        List<String> warnings = new java.util.ArrayList<>();
        // Case 8: acme-product is a bom-ref, not a purl: versions cannot be attached, the ref stays as it is
        assertThat(VexDocuments.parse(bytes("cyclonedx/use-case-8-vex.json"), "case8", warnings::add))
                .singleElement().satisfies(st -> assertThat(st.products()).containsExactly("acme-product"));
        // Case 7: no affects and no metadata component: nothing to apply it to
        assertThat(VexDocuments.parse(bytes("cyclonedx/use-case-7-vex.json"), "case7", warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("case7").contains("no affects");
        // BOM-Links into three other BOMs: the fragments
        assertThat(load("cyclonedx/use-case-13-vex.json").get(0).products()).containsExactly("acme-product-1", "acme-product-2");
    }

    @Test
    void cycloneDxExactVersionsOfAPurlBecomeVersionedProducts() {
        String bom = """
                {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
                 "components":[{"bom-ref":"lib","type":"library","name":"lib","purl":"pkg:npm/lib"}],
                 "vulnerabilities":[{"id":"CVE-2024-0001","analysis":{"state":"not_affected","justification":"code_not_present"},
                   "affects":[{"ref":"lib","versions":[{"version":"1.0.0","status":"unaffected"},{"range":"vers:npm/>=2.0.0","status":"unaffected"}]}]}]}
                """;
        List<String> warnings = new java.util.ArrayList<>();
        List<VexStatement> s = VexDocuments.parse(bom.getBytes(), "bom", warnings::add);
        assertThat(s.get(0).products()).containsExactly("pkg:npm/lib@1.0.0");
        assertThat(warnings).isEmpty();
    }

    @Test
    void embeddedCycloneDxAnalysisResolvesLocalBomRefs() {
        String sbom = """
                {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
                 "metadata":{"timestamp":"2024-01-01T00:00:00Z","component":{"bom-ref":"app","type":"application","name":"app","purl":"pkg:maven/com.example/app@1.0.0"}},
                 "components":[{"bom-ref":"c1","type":"library","name":"outer","purl":"pkg:maven/g/outer@1",
                   "components":[{"bom-ref":"c2","type":"library","name":"inner","purl":"pkg:maven/g/inner@2"}]}],
                 "vulnerabilities":[
                   {"id":"CVE-2024-0002","analysis":{"state":"false_positive"},"affects":[{"ref":"c2"}]},
                   {"id":"CVE-2024-0003","affects":[{"ref":"c1"}]},
                   {"id":"CVE-2024-0004","analysis":{"state":"resolved_with_pedigree"}}]}
                """;
        List<VexStatement> s = VexDocuments.parse(sbom.getBytes(), "sbom.json", w -> {});
        assertThat(s).extracting(VexStatement::vulnerability).containsExactly("CVE-2024-0002", "CVE-2024-0004");
        assertThat(s.get(0).products()).containsExactly("pkg:maven/g/inner@2");
        assertThat(s.get(0).status()).isEqualTo(VexStatus.NOT_AFFECTED);
        assertThat(s.get(0).impactStatement()).isEqualTo("false positive");
        assertThat(s.get(0).timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(s.get(1).products()).containsExactly("pkg:maven/com.example/app@1.0.0"); // no affects: the subject
        assertThat(s.get(1).status()).isEqualTo(VexStatus.FIXED);
    }

    static byte[] bytes(String name) {
        try {
            return java.nio.file.Files.readAllBytes(resource(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
