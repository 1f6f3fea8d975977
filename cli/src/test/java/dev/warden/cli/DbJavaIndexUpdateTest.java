package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.registry.testing.RegistryUpload;
import dev.warden.vulndb.jars.JarFixtures;
import dev.warden.vulndb.jars.TrivyJavaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden db update java-index}: Trivy's Java index pulled as the OCI artifact ORAS publishes (config
 * {@code application/vnd.aquasec.trivy.config.v1+json}, one javadb layer) from a real {@code docker-registry}, through
 * Warden's registry client, then used to name a jar without pom.properties.
 */
@Tag("live") // a real docker-registry (RegistryServer)
class DbJavaIndexUpdateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void javaIndexIsPulledFromTheRegistryAndNamesJars() throws Exception {
        byte[] widget = JarFixtures.jar("widget");
        Path db = JarFixtures.trivyDb(tmp.resolve("trivy-java.db"), List.of(
                new JarFixtures.Row("org.example", "widget", "2.1", HexFormat.of().parseHex(JarFixtures.sha1(widget)), "jar")));
        byte[] layer = Files.readAllBytes(JarFixtures.artifactArchive(db, tmp.resolve("javadb.tar.gz")));
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.aquasec.trivy.config.v1+json").put("digest", sha256(config))
                .put("size", config.length);
        ObjectNode l = manifest.putArray("layers").addObject().put("mediaType", TrivyJavaDb.LAYER_MEDIA_TYPE)
                .put("digest", sha256(layer)).put("size", layer.length);
        l.putObject("annotations").put("org.opencontainers.image.title", "javadb.tar.gz");

        Path root = tmp.resolve("root/opt/lib");
        Files.createDirectories(root);
        Files.write(root.resolve("widget-2.1.jar"), widget);
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();
        try (RegistryServer registry = RegistryServer.anonymous(tmp.resolve("registry"))) {
            RegistryUpload upload = new RegistryUpload(registry.host());
            upload.blob("aquasecurity/trivy-java-db", config);
            upload.blob("aquasecurity/trivy-java-db", layer);
            upload.manifest("aquasecurity/trivy-java-db", "1", "application/vnd.oci.image.manifest.v1+json", JSON.writeValueAsBytes(manifest));
            String ref = registry.host() + "/aquasecurity/trivy-java-db:1";

            InProcessWarden.Run offline = warden.run("--home", home, "db", "update", "java-index", "--offline", "--java-index-repository", ref);
            assertThat(offline.exit()).isEqualTo(2);
            assertThat(offline.err()).contains("--offline: 'java-index' needs the network");

            InProcessWarden.Run missing = warden.run("--home", home, "db", "update", "java-index", "--java-index-repository",
                    registry.host() + "/aquasecurity/trivy-java-db:2");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err().strip().lines()).last().asString().contains("trivy-java-db:2").contains("manifest unknown");

            InProcessWarden.Run updated = warden.run("--home", home, "db", "update", "java-index", "--java-index-repository", ref);
            assertThat(updated.exit()).as(updated.err()).isZero();
            assertThat(updated.out()).containsPattern("trivy-java-db +imported +1 ");
            assertThat(registry.requests("GET", "/blobs/" + sha256(layer))).isEqualTo(1);
        }
        InProcessWarden.Run status = warden.run("--home", home, "db", "status");
        assertThat(status.out()).contains("trivy-java-db").contains("/aquasecurity/trivy-java-db:1@sha256:")
                .contains("Jar index: 1 jars from 1 source(s)\n");
        Path out = tmp.resolve("sbom.json");
        InProcessWarden.Run sbom = warden.run("--home", home, "sbom", "fs:" + tmp.resolve("root"), "--format", "json", "-o", out.toString());
        assertThat(sbom.exit()).as(sbom.err()).isZero();
        JsonNode pkg = JSON.readTree(out.toFile()).path("packages").path(0);
        assertThat(pkg.path("purl").asText()).isEqualTo("pkg:maven/org.example/widget@2.1");
        assertThat(pkg.path("properties").path("warden:identity").asText()).isEqualTo("sha1-index");
        assertThat(Files.list(Path.of(home, "db", "downloads")).toList()).as("nothing left behind").isEmpty();
    }
}
