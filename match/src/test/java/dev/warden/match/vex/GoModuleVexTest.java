package dev.warden.match.vex;

import static dev.warden.match.vex.VexFixtures.finding;
import static dev.warden.match.vex.VexFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Trivy's Go module project: its findings without VEX ({@code gomod.json.golden}), its VEX (one not_affected
 * statement: product = the main module without version, subcomponent = opa v0.35.0) and its findings with that
 * VEX ({@code gomod-vex.json.golden}). Warden must suppress exactly the one finding Trivy drops, also when the
 * purls on either side carry qualifiers the other side does not (cdxgen writes {@code ?type=module}).
 */
class GoModuleVexTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** (target, vulnerability, purl) of every finding of a Trivy report. */
    private record Row(String target, String id, String purl) {}

    private static List<Row> rows(String golden) throws IOException {
        List<Row> out = new ArrayList<>();
        for (JsonNode result : JSON.readTree(resource(golden).toFile()).get("Results")) {
            for (JsonNode v : result.path("Vulnerabilities")) {
                out.add(new Row(result.get("Target").asText(), v.get("VulnerabilityID").asText(),
                        v.get("PkgIdentifier").get("PURL").asText()));
            }
        }
        return out;
    }

    /** The project's modules as an SBOM: the main module (no version) and every require of go.mod. */
    private static List<Package> modules(UnaryOperator<String> purlStyle) throws IOException {
        String goMod = Files.readString(resource("trivy-gomod/go.mod"));
        List<Package> out = new ArrayList<>();
        Matcher module = Pattern.compile("(?m)^module (\\S+)").matcher(goMod);
        assertThat(module.find()).isTrue();
        out.add(VexFixtures.pkg(purlStyle.apply("pkg:golang/" + module.group(1))));
        Matcher require = Pattern.compile("(?m)^\\t(\\S+) (v\\S+)").matcher(goMod);
        while (require.find()) {
            out.add(VexFixtures.pkg(purlStyle.apply("pkg:golang/" + require.group(1) + "@" + require.group(2).replace("+", "%2B"))));
        }
        return out;
    }

    private static List<Finding> apply(List<VexStatement> vex, UnaryOperator<String> sbomPurls) throws IOException {
        List<Package> packages = modules(sbomPurls);
        List<Finding> findings = new ArrayList<>();
        for (Row row : rows("trivy-gomod/gomod.json.golden")) {
            Package pkg = VexFixtures.pkg(sbomPurls.apply(row.purl()));
            findings.add(finding(row.id(), List.of(), new Package(row.target() + ":" + pkg.id(), pkg.type(), pkg.namespace(),
                    pkg.name(), pkg.version(), pkg.purl(), List.of(), List.of(), null, "test", null, Map.of())));
        }
        Sbom sbom = new Sbom(VexFixtures.image("fs://gomod", null), null, packages, List.of());
        return new VexApplier(vex).apply(sbom, findings);
    }

    private static List<VexStatement> trivyVex(UnaryOperator<String> vexPurls) throws IOException {
        String doc = Files.readString(resource("trivy-gomod/openvex.json"));
        for (String purl : List.of("pkg:golang/github.com/testdata/testdata", "pkg:golang/github.com/open-policy-agent/opa@v0.35.0")) {
            doc = doc.replace("\"" + purl + "\"", "\"" + vexPurls.apply(purl) + "\"");
        }
        return VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "openvex.json", w -> {});
    }

    private static String withQualifiers(String purl, String qualifiers) {
        return purl + (purl.contains("?") ? "&" : "?") + qualifiers;
    }

    private static void assertSameAsTrivy(List<Finding> out) throws IOException {
        List<Row> expected = rows("trivy-gomod/gomod-vex.json.golden");
        List<Finding> suppressed = out.stream().filter(Finding::suppressed).toList();
        assertThat(suppressed).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2022-23628");
            assertThat(f.pkg().name()).isEqualTo("opa");
            assertThat(f.vex().statement().justification()).isEqualTo("vulnerable_code_not_in_execute_path");
        });
        List<String> kept = out.stream().filter(f -> !f.suppressed())
                .map(f -> f.pkg().id().substring(0, f.pkg().id().indexOf(':')) + " " + f.id() + " " + f.pkg().name())
                .toList();
        assertThat(kept).containsExactlyInAnyOrderElementsOf(expected.stream()
                .map(r -> r.target() + " " + r.id() + " " + r.purl().replaceAll(".*/([^/@]+)@.*", "$1")).toList());
        assertThat(out).hasSize(expected.size() + 1);
    }

    @Test
    void sameQualifiersAsTrivy() throws IOException {
        assertSameAsTrivy(apply(trivyVex(p -> p), p -> p));
    }

    @Test
    void sbomPurlsCarryTypeModuleTheVexDoesNot() throws IOException {
        assertSameAsTrivy(apply(trivyVex(p -> p), p -> withQualifiers(p, "type=module")));
    }

    @Test
    void vexPurlsCarryQualifiersTheSbomDoesNot() throws IOException {
        assertSameAsTrivy(apply(trivyVex(p -> withQualifiers(p, "type=module&goos=linux&goarch=amd64")), p -> p));
    }

    @Test
    void conflictingQualifierOrVersionOrProductSuppressesNothing() throws IOException {
        UnaryOperator<String> sbomStyle = p -> withQualifiers(p, "type=module");
        assertThat(apply(trivyVex(p -> p.contains("opa") ? withQualifiers(p, "type=source") : p), sbomStyle))
                .noneMatch(Finding::suppressed);
        assertThat(apply(trivyVex(p -> p.replace("v0.35.0", "v0.34.0")), p -> p)).noneMatch(Finding::suppressed);
        assertThat(apply(trivyVex(p -> p.replace("testdata/testdata", "testdata/other")), p -> p)).noneMatch(Finding::suppressed);
    }
}
