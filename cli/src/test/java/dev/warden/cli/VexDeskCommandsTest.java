package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden vex propose} and {@code warden vex list --server} against a real {@code warden serve} process over real
 * HTTP: a developer proposes from the command line, the proposal reaches no laptop ({@code scan --server}) until the
 * security role approves it, then it does; a rejected one never does.
 */
class VexDeskCommandsTest {
    private static final String DIGEST = "sha256:" + "e".repeat(64);
    private static final String CHROMIUM = "pkg:deb/debian/chromium@97.0.4692.99-1?arch=amd64&distro=debian-12";

    @TempDir
    Path dir;
    private WardenProcess warden;
    private WardenProcess.Served serve;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void commands() {
        warden = new WardenProcess(dir, null, null);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    private String startServer() throws Exception {
        serve = warden.serve("a");
        return serve.url();
    }

    private Path sbomFile() throws Exception {
        ImageInfo image = new ImageInfo("registry.example.com/shop/desk:1.0", DIGEST, null, new ImageInfo.Platform("linux", "amd64", null),
                ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        List<Package> packages = List.of(deb("libsope1", "5.8.0-1", "sope"), deb("chromium", "97.0.4692.99-1", "chromium"));
        Sbom sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"), packages, List.of());
        Path file = dir.resolve("desk.cdx.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, out);
        }
        return file;
    }

    private static Package deb(String name, String version, String source) {
        String purl = "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12";
        return new Package(purl, "deb", "debian", name, version, purl, List.of("GPL-2.0-only"), List.of(new Location("/var/lib/dpkg/status", "")),
                new SourcePackage(source, version), "dpkg", null, Map.of());
    }

    /** The finding's {@code suppressed} in {@code warden scan --server --format json}. */
    private boolean suppressedOnTheLaptop(Map<String, String> env, Path sbom, String url, String id) throws Exception {
        WardenProcess.Run scan = warden.run(env, "scan", "sbom://" + sbom, "--server", url, "--format", "json");
        assertThat(scan.exit()).as(scan.err()).isZero();
        for (JsonNode f : json.readTree(scan.out()).path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f.path("suppressed").asBoolean();
            }
        }
        throw new AssertionError("no finding " + id + " in " + scan.out());
    }

    private HttpResponse<String> decide(String url, String token, String id, String decision, String comment) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/vex/statements/" + id + "/" + decision))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("comment", comment)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void proposeFromTheCommandLineApproveAndTheLaptopFollows() throws Exception {
        String developer = warden.run(Map.of(), "server", "token", "create", "--name", "dev", "--role", "developer").out().trim();
        String security = warden.run(Map.of(), "server", "token", "create", "--name", "sec", "--role", "security").out().trim();
        String url = startServer();
        Map<String, String> dev = Map.of("WARDEN_TOKEN", developer);
        Path sbom = sbomFile();
        WardenProcess.Run push = warden.run(dev, "push", "sbom://" + sbom, "--server", url, "--repository", "shop/desk", "--tag", "1.0");
        assertThat(push.exit()).as(push.err()).isZero();

        WardenProcess.Run proposed = warden.run(dev, "vex", "propose", "--server", url, "--product", DIGEST, "--subcomponent", CHROMIUM, "--vuln", "CVE-2022-0456",
                "--status", "not_affected", "--justification", "vulnerable_code_not_in_execute_path",
                "--impact", "chromium only renders our own reports, headless", "--image", DIGEST);
        assertThat(proposed.exit()).as(proposed.err()).isZero();
        String id = proposed.out().trim();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(proposed.err()).contains("proposed CVE-2022-0456 not_affected");

        WardenProcess.Run listed = warden.run(dev, "vex", "list", "--server", url, "--state", "proposed");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("proposed").contains("CVE-2022-0456").contains("dev");
        assertThat(warden.run(dev, "vex", "list", "--server", url, "--state", "approved").out()).doesNotContain(id);

        // a proposal never reaches a laptop
        assertThat(suppressedOnTheLaptop(dev, sbom, url, "CVE-2022-0456")).isFalse();
        // the developer's token cannot approve
        assertThat(decide(url, developer, id, "approve", "mine").statusCode()).isEqualTo(403);

        HttpResponse<String> approved = decide(url, security, id, "approve", "fine: headless, own content only");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(suppressedOnTheLaptop(dev, sbom, url, "CVE-2022-0456")).isTrue();
        WardenProcess.Run json = warden.run(dev, "vex", "list", "--server", url, "--format", "json");
        assertThat(this.json.readTree(json.out()).get(0).path("state").asText()).isEqualTo("approved");

        // a rejected proposal (fixed, for the other finding) never reaches it
        WardenProcess.Run second = warden.run(dev, "vex", "propose", "--server", url, "--product", "pkg:deb/debian/sope", "--vuln", "CVE-2025-53603", "--status", "fixed");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(decide(url, security, second.out().trim(), "reject", "5.8.0-1 is the vulnerable version").statusCode()).isEqualTo(200);
        assertThat(suppressedOnTheLaptop(dev, sbom, url, "CVE-2025-53603")).isFalse();
        assertThat(suppressedOnTheLaptop(dev, sbom, url, "CVE-2022-0456")).isTrue();

        // bad input: one line naming it, exit 2, from the CLI's own checks and from the server's
        WardenProcess.Run badStatus = warden.run(dev, "vex", "propose", "--server", url, "--product", "pkg:deb/debian/sope", "--vuln", "CVE-1", "--status", "fine");
        assertThat(badStatus.exit()).isEqualTo(2);
        assertThat(badStatus.err()).contains("--status 'fine'").doesNotContain("Exception");
        WardenProcess.Run badProduct = warden.run(dev, "vex", "propose", "--server", url, "--product", "sope", "--vuln", "CVE-1", "--status", "fixed");
        assertThat(badProduct.exit()).isEqualTo(2);
        assertThat(badProduct.err()).contains("--product 'sope' is neither a purl").doesNotContain("Exception");
        // OpenVEX's rule, checked by the server: not_affected needs a justification or an impact statement
        WardenProcess.Run unjustified = warden.run(dev, "vex", "propose", "--server", url, "--product", "pkg:deb/debian/sope", "--vuln", "CVE-2025-53603",
                "--status", "not_affected");
        assertThat(unjustified.exit()).isEqualTo(2);
        assertThat(unjustified.err()).contains("propose failed (400)").contains("justification").doesNotContain("Exception");
        WardenProcess.Run noToken = warden.run(Map.of(), "vex", "propose", "--server", url, "--product", "pkg:deb/debian/sope", "--vuln", "CVE-1", "--status", "fixed");
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("WARDEN_TOKEN");
    }
}
