package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image products on a real image: the debootstrap image as an OCI layout (umoci), a Debian tracker file written
 * here with one open CVE per source package of the image (sources as Warden's own SBOM lists them), and VEX
 * made with {@code warden vex create} naming the image by its manifest digest (from the layout's index.json).
 * What is suppressed is computed from the scan without VEX, never written down.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class VexImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static String home;
    private static String image;
    private static String digest;
    private static List<JsonNode> plain;

    @BeforeAll
    static void database() throws Exception {
        home = shared.resolve("home").toString();
        Path layout = TestImages.ociLayout();
        image = "oci-dir://" + layout + ":" + TestImages.TAG;
        digest = StreamSupport.stream(JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").spliterator(), false)
                .filter(m -> TestImages.TAG.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText()))
                .findFirst().orElseThrow().get("digest").asText();
        InProcessWarden warden = new InProcessWarden(shared.resolve("cache"));
        Run sbom = warden.run("sbom", image, "--format", "json", "--quiet");
        assertThat(sbom.exit()).as(sbom.err()).isZero();
        TreeSet<String> sources = new TreeSet<>();
        JSON.readTree(sbom.out()).get("packages").forEach(p -> sources.add(p.path("source").path("name").asText(p.get("name").asText())));
        ObjectNode tracker = JSON.createObjectNode();
        int i = 0;
        for (String source : sources) {
            ObjectNode cve = tracker.putObject(source).putObject(String.format("CVE-2099-%04d", 2000 + i++));
            cve.put("description", "warden VEX test advisory for " + source);
            cve.putObject("releases").putObject("bookworm").put("status", "open").put("urgency", "medium");
        }
        Path file = shared.resolve("tracker.json");
        JSON.writeValue(file.toFile(), tracker);
        Run imported = warden.run("--home", home, "db", "import", "--offline", "--format", "debian-tracker", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        plain = scan();
        assertThat(plain).hasSizeGreaterThan(50);
    }

    private static List<JsonNode> scan(String... vex) throws IOException {
        List<String> args = new ArrayList<>(List.of("--home", home, "scan", image, "--offline", "--format", "json", "--quiet"));
        for (String v : vex) {
            args.addAll(List.of("--vex", v));
        }
        Run run = new InProcessWarden(shared.resolve("cache")).run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return StreamSupport.stream(JSON.readTree(run.out()).get("findings").spliterator(), false).toList();
    }

    private String vex(String name, String... args) {
        Path out = tmp.resolve(name);
        List<String> all = new ArrayList<>(List.of("vex", "create", "-o", out.toString()));
        all.addAll(List.of(args));
        Run run = new InProcessWarden(tmp.resolve("cache")).run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return out.toString();
    }

    private static TreeSet<String> suppressed(List<JsonNode> findings) {
        TreeSet<String> out = new TreeSet<>();
        findings.stream().filter(f -> f.path("suppressed").asBoolean())
                .forEach(f -> out.add(f.path("id").asText() + " " + f.path("package").path("purl").asText()));
        return out;
    }

    private static TreeSet<String> withId(String id) {
        TreeSet<String> out = new TreeSet<>();
        plain.stream().filter(f -> f.path("id").asText().equals(id))
                .forEach(f -> out.add(id + " " + f.path("package").path("purl").asText()));
        return out;
    }

    @Test
    void theImageByDigestCoversEveryPackage() throws IOException {
        // the CVE of the source package with the most binaries in the image
        String id = plain.stream().map(f -> f.path("id").asText())
                .max(java.util.Comparator.comparingLong(x -> plain.stream().filter(f -> f.path("id").asText().equals(x)).count()))
                .orElseThrow();
        assertThat(withId(id)).hasSizeGreaterThan(1);
        String byOci = vex("oci.json", "--product", "pkg:oci/fixture@" + digest.replace(":", "%3A"), "--vuln", id,
                "--status", "not_affected", "--justification", "vulnerable_code_not_in_execute_path");
        assertThat(suppressed(scan(byOci))).isEqualTo(withId(id));
        String byDigest = vex("digest.json", "--product", digest, "--vuln", id, "--status", "fixed");
        assertThat(suppressed(scan(byDigest))).isEqualTo(withId(id));
        String other = vex("other.json", "--product", "sha256:" + "0".repeat(64), "--vuln", id, "--status", "fixed");
        assertThat(suppressed(scan(other))).isEmpty();
    }

    @Test
    void subcomponentBySourcePackageScopesTheImageStatement() throws IOException {
        // a finding on a binary package built from a differently named source (libc6 from glibc...)
        JsonNode f = plain.stream().filter(x -> !x.path("package").path("name").asText()
                .equals(x.path("package").path("source").path("name").asText(x.path("package").path("name").asText())))
                .findFirst().orElseThrow();
        String id = f.path("id").asText();
        String source = f.path("package").path("source").path("name").asText();
        String scoped = vex("scoped.json", "--product", digest, "--subcomponent", "pkg:deb/debian/" + source + "?distro=bookworm",
                "--vuln", id, "--status", "not_affected", "--impact", "not reachable in this image");
        assertThat(suppressed(scan(scoped))).isEqualTo(withId(id));
        // the same statement scoped to another package of the image suppresses nothing
        String elsewhere = vex("elsewhere.json", "--product", digest, "--subcomponent", "pkg:deb/debian/" + source + "-not-here",
                "--vuln", id, "--status", "not_affected", "--impact", "x");
        assertThat(suppressed(scan(elsewhere))).isEmpty();
        // later wins: an affected statement made after the not_affected one brings the findings back
        String later = vex("later.json", "--product", digest, "--vuln", id, "--status", "affected", "--action", "upgrade");
        List<JsonNode> both = scan(scoped, later);
        assertThat(suppressed(both)).isEmpty();
        assertThat(both.stream().filter(x -> x.path("id").asText().equals(id)))
                .allSatisfy(x -> assertThat(x.path("vex").path("status").asText()).isEqualTo("affected"));
    }
}
