package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import dev.warden.image.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code warden image inspect} in-process on the real fixture images and on a hostile one. */
class ImageInspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run warden(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 3];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--cache-dir";
            all[args.length + 1] = tmp.resolve("cache").toString();
            all[args.length + 2] = "--quiet";
            int exit = Main.run(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private JsonNode inspectJson(String source) throws Exception {
        Run run = warden("image", "inspect", source, "--format", "json");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        return JSON.readTree(run.out());
    }

    @Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
    @Test
    void jsonFromOciLayout() throws Exception {
        String source = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        JsonNode info = inspectJson(source);
        assertThat(info.path("reference").asText()).isEqualTo(source);
        assertThat(info.path("manifestDigest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(info.path("configDigest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(info.path("platform").path("os").asText()).isEqualTo("linux");
        assertThat(info.path("platform").path("architecture").asText()).isEqualTo("amd64");
        JsonNode config = info.path("config");
        assertThat(config.path("user").asText()).isEqualTo(TestImages.USER);
        assertThat(config.path("labels").path(TestImages.LABEL_KEY).asText()).isEqualTo(TestImages.LABEL_VALUE);
        assertThat(config.path("exposedPorts").get(0).asText()).isEqualTo(TestImages.EXPOSED_PORT);
        assertThat(config.path("entrypoint").get(0).asText()).isEqualTo("/bin/sh");
        assertThat(config.path("history")).hasSizeGreaterThanOrEqualTo(2);
        JsonNode layers = info.path("layers");
        assertThat(layers).hasSize(2);
        for (JsonNode layer : layers) {
            assertThat(layer.path("digest").asText()).matches("sha256:[0-9a-f]{64}");
            assertThat(layer.path("diffId").asText()).matches("sha256:[0-9a-f]{64}");
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            assertThat(layer.path("size").asLong()).isPositive();
        }
        assertThat(layers.get(0).path("entryCount").asLong()).isGreaterThan(5000);
        assertThat(layers.get(1).path("entryCount").asLong()).isEqualTo(11); // the fixture's second layer tar
    }

    @Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
    @Test
    void sameJsonFromArchives() throws Exception {
        ObjectNode oci = (ObjectNode) inspectJson("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG);
        ObjectNode ociArchive = (ObjectNode) inspectJson("archive://" + TestImages.ociArchive());
        // The reference is the SOURCE argument, so it differs by construction; everything else is the same
        // because skopeo copies an OCI layout into an OCI archive blob for blob.
        oci.remove("reference");
        ociArchive.remove("reference");
        assertThat(ociArchive).isEqualTo(oci);

        ObjectNode docker = (ObjectNode) inspectJson("archive://" + TestImages.dockerArchive());
        docker.remove("reference");
        // docker-save has no manifest (so no manifest digest, no annotations, no place for attestations) and stores
        // layers uncompressed: the layer blobs' digest, media type and size describe the tar itself. Config, diff_ids
        // and entries agree.
        assertThat(docker.path("manifestDigest").isNull()).isTrue();
        assertThat(docker.path("attestationState").asText()).isEqualTo("NOT_CARRIED");
        for (ObjectNode node : new ObjectNode[] {oci, docker}) {
            node.remove("manifestDigest");
            node.remove("annotations");
            node.remove("attestationState");
            for (JsonNode layer : node.path("layers")) {
                ((ObjectNode) layer).remove("digest");
                ((ObjectNode) layer).remove("mediaType");
                ((ObjectNode) layer).remove("size");
            }
        }
        assertThat(docker).isEqualTo(oci);
    }

    @Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
    @Test
    void table() {
        Run run = warden("image", "inspect", "archive://" + TestImages.dockerArchive(), "--format", "table");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("User:       " + TestImages.USER)
                .contains("Platform:   linux/amd64")
                .contains("  " + TestImages.LABEL_KEY + "=" + TestImages.LABEL_VALUE)
                .contains("ENTRIES")
                .contains("application/vnd.docker.image.rootfs.diff.tar")
                .containsPattern("\\d+\\.\\d (KiB|MiB|GiB)  "); // sizes for people, as docker and skopeo print them
    }

    @Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
    @Test
    void rootFilesystem() throws Exception {
        JsonNode info = inspectJson("fs://" + TestImages.debootstrapRootfs());
        assertThat(info.path("layers")).isEmpty();
        assertThat(info.path("reference").asText()).isEqualTo("fs://" + TestImages.debootstrapRootfs());
    }

    @Test
    void hostileImageIsOneLineAndExitTwo() {
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("../../etc/evil", "x").build()))
                .write(tmp.resolve("hostile"));
        Run run = warden("image", "inspect", "oci-dir://" + layout, "--format", "json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().matches(java.util.regex.Pattern.quote("warden: oci-dir://" + layout
                + ": layer 1/1 ") + "sha256:[0-9a-f]{64}: entry '\\.\\./\\.\\./etc/evil' contains '\\.\\.' and would escape the image root");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void unknownSourceIsExitTwo() {
        Run run = warden("image", "inspect", "ftp://example");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("warden: unsupported image source 'ftp://example'");
    }
}
