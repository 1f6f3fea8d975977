package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base image found by layer matching and judged up to date against a real docker-registry. The images: the
 * debootstrap image's {@code base} tag (one layer) and {@code latest} (umoci added a layer on top), the variants
 * {@code fixed} (another layer on base) and {@code modified} (a layer on latest). In the registry: {@code base/one:latest}
 * = base, {@code app/one:1} = latest; {@code base/two:latest} was base when the app was built ({@code annotated}: latest
 * with base annotations naming it at that digest) and was then re-pushed as {@code fixed}.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages), docker-registry
class BaseImageCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static RegistryServer registry;
    private static Path layout;
    private static String v1;
    private static String v2;
    private static int closedPort;

    @BeforeAll
    static void images() throws Exception {
        layout = DpkgVariants.build(Files.createDirectories(shared.resolve("images"))).layout();
        registry = RegistryServer.anonymous(shared.resolve("registry"));
        registry.push(layout, TestImages.BASE_TAG, "base/one:latest");
        registry.push(layout, TestImages.TAG, "app/one:1");
        registry.push(layout, TestImages.BASE_TAG, "base/two:latest");
        v1 = registryDigest("base/two:latest");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        annotate("annotated", registry.host() + "/base/two:latest", v1);
        annotate("unreachable", "127.0.0.1:" + closedPort + "/base/gone:1", v1);
        annotate("hostile", "evil\u001b[31m name", "sha256:" + "0".repeat(64));
        registry.push(layout, DpkgVariants.FIXED, "base/two:latest");
        v2 = registryDigest("base/two:latest");
        assertThat(v2).isNotEqualTo(v1);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** {@code latest} with the base annotations a builder writes, as a new tag. */
    private static void annotate(String tag, String baseName, String baseDigest) throws IOException {
        TestImages.run(shared, "umoci", "config", "--image", layout + ":" + TestImages.TAG, "--tag", tag,
                "--manifest.annotation", "org.opencontainers.image.base.name=" + baseName,
                "--manifest.annotation", "org.opencontainers.image.base.digest=" + baseDigest);
    }

    private static String registryDigest(String repoAndTag) throws Exception {
        return skopeoDigest("--tls-verify=false", "--no-creds", "docker://" + registry.host() + "/" + repoAndTag);
    }

    private static String skopeoDigest(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--format", "{{.Digest}}"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).startsWith("sha256:");
        return out;
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    private static JsonNode policyJson(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("policy"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "json", "--quiet"));
        Run run = warden(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static JsonNode result(JsonNode verdict, String type) {
        for (JsonNode r : verdict.path("results")) {
            if (r.path("type").asText().equals(type)) {
                return r;
            }
        }
        throw new AssertionError("no " + type + " in " + verdict.toPrettyString());
    }

    private static String oci(String tag) {
        return "oci-dir://" + layout + ":" + tag;
    }

    @Test
    void ociDirCandidateWhoseLayersBeginTheImage() throws Exception {
        JsonNode v = policyJson(oci(TestImages.TAG), "--base-image", oci(DpkgVariants.FIXED), "--base-image", oci(TestImages.BASE_TAG), "--offline");
        JsonNode base = v.path("baseImage");
        assertThat(base.path("method").asText()).isEqualTo("LAYER_MATCH");
        assertThat(base.path("name").asText()).isEqualTo(oci(TestImages.BASE_TAG));
        assertThat(base.path("digest").asText()).isEqualTo(skopeoDigest("oci:" + layout + ":" + TestImages.BASE_TAG));
        assertThat(base.path("detail").asText()).contains("1 of the image's 2 layers");
        assertThat(result(v, "up-to-date-base").path("status").asText()).isEqualTo("NO_DATA");
        assertThat(result(v, "up-to-date-base").path("missingData").asText()).contains("--offline");

        // fixed shares base's layer but adds its own: it is a sibling, not a base
        JsonNode none = policyJson(oci(TestImages.TAG), "--base-image", oci(DpkgVariants.FIXED), "--offline");
        assertThat(none.path("baseImage").isNull()).as(none.path("baseImage").toString()).isTrue();
        assertThat(result(none, "approved-base").path("status").asText()).isEqualTo("NO_DATA");
    }

    /** The policy file's base_images are candidates too, after the command line's. */
    @Test
    void policyFileBaseImagesAreCandidates() throws Exception {
        Path file = shared.resolve("base-images-policy.yaml");
        Files.writeString(file, """
                version: 1
                base_images:
                  - %s
                  - %s
                policies:
                  - type: approved_base
                    patterns: ["oci-dir://**"]
                """.formatted(oci(DpkgVariants.FIXED), oci(TestImages.BASE_TAG)));
        JsonNode v = policyJson(oci(TestImages.TAG), "--policy", file.toString(), "--offline");
        assertThat(v.path("baseImage").path("method").asText()).isEqualTo("LAYER_MATCH");
        assertThat(v.path("baseImage").path("name").asText()).isEqualTo(oci(TestImages.BASE_TAG));
        // without the list, nothing names a base
        Files.writeString(file, Files.readString(file).replaceAll("(?s)base_images:.*?policies:", "policies:"));
        JsonNode none = policyJson(oci(TestImages.TAG), "--policy", file.toString(), "--offline");
        assertThat(none.path("baseImage").isMissingNode() || none.path("baseImage").isNull()).as(none.toPrettyString()).isTrue();
    }

    @Test
    void longestPrefixWinsAcrossSourcesAndCompressions() throws Exception {
        // modified = latest + a layer; the docker archive holds latest with uncompressed layers: same diff_ids
        String archive = "archive://" + TestImages.dockerArchive();
        JsonNode v = policyJson(oci(DpkgVariants.MODIFIED), "--base-image", oci(TestImages.BASE_TAG), "--base-image", archive,
                "--base-image", oci("no-such-tag"), "--offline");
        assertThat(v.path("baseImage").path("name").asText()).isEqualTo(archive);
        assertThat(v.path("baseImage").path("detail").asText()).contains("2 of the image's 3 layers");
    }

    @Test
    void anUnreadableCandidateIsOneWarning() {
        Run run = warden("policy", oci(TestImages.TAG), "--base-image", oci("no-such-tag"), "--base-image", oci(TestImages.BASE_TAG),
                "--offline", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.contains("warning: --base-image")).toList()).singleElement()
                .asString().contains("no-such-tag");
        assertThat(run.out()).contains("base image: " + oci(TestImages.BASE_TAG) + "@sha256:", "(layer match: ");
    }

    @Test
    void registryBaseUpToDate() throws Exception {
        // base/two:latest moved to fixed, which no longer begins the app's layers: base/one is the match
        JsonNode v = policyJson("registry://" + registry.host() + "/app/one:1", "--base-image", "registry://" + registry.host()
                + "/base/two:latest", "--base-image", registry.host() + "/base/one:latest");
        assertThat(v.path("baseImage").path("name").asText()).isEqualTo(registry.host() + "/base/one:latest");
        assertThat(v.path("baseImage").path("digest").asText()).isEqualTo(registryDigest("base/one:latest"));
        assertThat(result(v, "up-to-date-base").path("status").asText()).as(result(v, "up-to-date-base").toString()).isEqualTo("COMPLIANT");
        // a registry outside docker.io/library is not an approved base by default
        assertThat(result(v, "approved-base").path("violations").findValuesAsText("item")).containsExactly(registry.host() + "/base/one:latest");
    }

    @Test
    void baseTagMovedOnIsViolatedWithBothDigests() throws Exception {
        JsonNode annotated = policyJson(oci("annotated"), "--base-image", oci(TestImages.BASE_TAG));
        assertThat(annotated.path("baseImage").path("method").asText()).as("annotations come first").isEqualTo("ANNOTATION");
        JsonNode r = result(annotated, "up-to-date-base");
        assertThat(r.path("status").asText()).isEqualTo("VIOLATED");
        assertThat(r.path("violations").get(0).path("reason").asText()).contains(v1, v2);

        // the same judgement by layers: the candidate pinned at the digest built on, with the tag to follow
        JsonNode pinned = policyJson(oci(TestImages.TAG), "--base-image", registry.host() + "/base/two:latest@" + v1);
        assertThat(pinned.path("baseImage").path("method").asText()).isEqualTo("LAYER_MATCH");
        assertThat(pinned.path("baseImage").path("digest").asText()).isEqualTo(v1);
        assertThat(result(pinned, "up-to-date-base").path("violations").get(0).path("reason").asText()).contains(v1, v2);

        Run quick = warden("quickview", oci("annotated"), "--quiet");
        assertThat(quick.out()).contains("warden recommendations " + oci("annotated"));

        Run gate = warden("policy", oci("annotated"), "--exit-code", "--allow-sample-db", "--quiet");
        assertThat(gate.exit()).as(gate.out() + gate.err()).isEqualTo(1);
        assertThat(gate.out()).contains("violated   Up-to-date base images", "the tag now points to " + v2);
    }

    @Test
    void noDataWhenTheRegistryIsNotAskedOrDoesNotAnswer() throws Exception {
        JsonNode offline = policyJson(oci("annotated"), "--offline");
        assertThat(result(offline, "up-to-date-base").path("status").asText()).isEqualTo("NO_DATA");
        assertThat(result(offline, "up-to-date-base").path("missingData").asText()).contains("--offline");

        JsonNode gone = policyJson(oci("unreachable"));
        JsonNode r = result(gone, "up-to-date-base");
        assertThat(r.path("status").asText()).isEqualTo("NO_DATA");
        assertThat(r.path("missingData").asText()).contains("asking its registry failed: 127.0.0.1:" + closedPort + "/base/gone:1");
    }

    @Test
    void quickviewNamesTheBaseAndHowItWasFound() {
        Run run = warden("quickview", "registry://" + registry.host() + "/app/one:1", "--base-image",
                registry.host() + "/base/one:latest", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("base image  " + registry.host() + "/base/one:latest@sha256:", "(layer match)");
    }

    @Test
    void hostileAnnotationIsNoDataAndNeverReachesTheTerminal() throws Exception {
        Run run = warden("policy", oci("hostile"), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("\u001b").contains("evil?[31m name", "is not in a registry");
        JsonNode v = policyJson(oci("hostile"));
        assertThat(result(v, "up-to-date-base").path("status").asText()).isEqualTo("NO_DATA");
        Run quick = warden("quickview", oci("hostile"), "--quiet");
        assertThat(quick.out()).doesNotContain("\u001b");
    }

    /** Candidates and the tag lookup use the same credentials as the image: standard input is read once. */
    @Test
    void privateRegistryWithPasswordFromStandardInput() throws Exception {
        try (RegistryServer locked = RegistryServer.htpasswd(shared.resolve("locked"), "ci", "s3cret")) {
            locked.push(layout, TestImages.BASE_TAG, "base/private:1");
            locked.push(layout, TestImages.TAG, "app/private:1");
            java.io.InputStream old = System.in;
            Run run;
            try {
                System.setIn(new java.io.ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)));
                run = warden("policy", "registry://" + locked.host() + "/app/private:1", "--base-image", locked.host() + "/base/private:1",
                        "--username", "ci", "--password-stdin", "--format", "json", "--quiet");
            } finally {
                System.setIn(old);
            }
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode v = JSON.readTree(run.out());
            assertThat(v.path("baseImage").path("name").asText()).isEqualTo(locked.host() + "/base/private:1");
            assertThat(result(v, "up-to-date-base").path("status").asText()).as(result(v, "up-to-date-base").toString()).isEqualTo("COMPLIANT");
        }
    }
}
