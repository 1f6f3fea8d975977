package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRefTest {
    @Test
    void eachPrefixNamesItsKindAndKeepsTheTextAsWritten() {
        assertThat(SourceRef.parse("oci-dir://target/demo/oci:bookworm"))
                .isEqualTo(new SourceRef.OciDir("oci-dir://target/demo/oci:bookworm", "target/demo/oci:bookworm"));
        assertThat(SourceRef.parse("oci-dir:/abs/oci@sha256:" + "a".repeat(64)))
                .isEqualTo(new SourceRef.OciDir("oci-dir:/abs/oci@sha256:" + "a".repeat(64), "/abs/oci@sha256:" + "a".repeat(64)));
        assertThat(SourceRef.parse("archive://img.tar")).isEqualTo(new SourceRef.Archive("archive://img.tar", "img.tar"));
        assertThat(SourceRef.parse("fs:/")).isEqualTo(new SourceRef.Fs("fs:/", "/"));
        assertThat(SourceRef.parse("fs:///srv/root")).isEqualTo(new SourceRef.Fs("fs:///srv/root", "/srv/root"));
        assertThat(SourceRef.parse("fs://rel")).isEqualTo(new SourceRef.Fs("fs://rel", "rel"));
        assertThat(SourceRef.parse("sbom://host.cdx.json")).isEqualTo(new SourceRef.SbomFile("sbom://host.cdx.json", Path.of("host.cdx.json")));
        assertThat(SourceRef.parse("docker://warden/fixture:latest")).isEqualTo(new SourceRef.Docker("docker://warden/fixture:latest", "warden/fixture:latest"));
        assertThat(SourceRef.parse("docker://7b8e7a4a101e")).isEqualTo(new SourceRef.Docker("docker://7b8e7a4a101e", "7b8e7a4a101e"));
        assertThat(SourceRef.parse("sbom:/tmp/a.json")).isEqualTo(new SourceRef.SbomFile("sbom:/tmp/a.json", Path.of("/tmp/a.json")));
    }

    @Test
    void registrySourcesCarryTheirParsedReference() {
        SourceRef prefixed = SourceRef.parse("registry://127.0.0.1:5000/small/app:v1");
        assertThat(prefixed).isEqualTo(new SourceRef.Registry("registry://127.0.0.1:5000/small/app:v1", "127.0.0.1:5000/small/app:v1",
                new RegistryReference("127.0.0.1:5000", "small/app", "v1", null)));
        SourceRef bare = SourceRef.parse("library/debian:12");
        assertThat(bare).isInstanceOfSatisfying(SourceRef.Registry.class, r -> {
            assertThat(r.name()).isEqualTo("library/debian:12");
            assertThat(r.reference()).isEqualTo(new RegistryReference(RegistryReference.DOCKER_HUB, "library/debian", "12", null));
        });
    }

    @Test
    void emptyUnknownAndMalformedSourcesAreOneLineNamingThem() {
        assertThatThrownBy(() -> SourceRef.parse(" ")).isInstanceOf(WardenException.class).hasMessageStartingWith("empty image source");
        assertThatThrownBy(() -> SourceRef.parse(null)).isInstanceOf(WardenException.class).hasMessageStartingWith("empty image source");
        assertThatThrownBy(() -> SourceRef.parse("ftp://example")).isInstanceOf(WardenException.class)
                .hasMessage("unsupported image source 'ftp://example': " + SourceRef.USAGE);
        // a name Docker's grammar refuses, with no such path either: both reasons, and every form
        assertThatThrownBy(() -> SourceRef.parse("Debian:12")).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("unsupported image source 'Debian:12': no such file or directory (relative to the working directory "
                        + Path.of("").toAbsolutePath() + ")").hasMessageEndingWith(SourceRef.USAGE);
        assertThatThrownBy(() -> SourceRef.parse("docker://")).isInstanceOf(WardenException.class).hasMessageStartingWith("empty engine image 'docker://'");
        assertThatThrownBy(() -> SourceRef.parse("sbom://")).isInstanceOf(WardenException.class).hasMessageStartingWith("empty SBOM source 'sbom://'");
        assertThatThrownBy(() -> SourceRef.parse("registry://Host/UPPER:v1")).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("invalid registry reference");
    }

    /** As in Trivy, Grype and docker: a name without a host is Docker Hub's, a one-part name under library/. */
    @Test
    void shortNamesAreDockerHubImages() {
        assertThat(((SourceRef.Registry) SourceRef.parse("alpine:3.19")).reference())
                .isEqualTo(new RegistryReference("docker.io", "library/alpine", "3.19", null));
        assertThat(((SourceRef.Registry) SourceRef.parse("alpine:3.19")).reference()).hasToString("docker.io/library/alpine:3.19");
        assertThat(((SourceRef.Registry) SourceRef.parse("user/app")).reference()).hasToString("docker.io/user/app:latest");
        assertThat(((SourceRef.Registry) SourceRef.parse("debian")).reference()).hasToString("docker.io/library/debian:latest");
        assertThat(((SourceRef.Registry) SourceRef.parse("debian@sha256:" + "b".repeat(64))).reference())
                .hasToString("docker.io/library/debian@sha256:" + "b".repeat(64));
    }

    /** An existing path needs no scheme: what is there decides, and the text says how it was read. */
    @Test
    void existingPathsWithoutSchemeAreTakenByWhatTheyHold(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path layout = Files.createDirectories(dir.resolve("layout"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Path archive = Files.write(dir.resolve("image.tar"), new byte[1024]);
        Path sbom = Files.writeString(dir.resolve("app.cdx"), "\n  {\"bomFormat\": \"CycloneDX\"}");
        assertThat(SourceRef.parse(root.toString())).isEqualTo(new SourceRef.Fs("fs://" + root, root.toString()));
        assertThat(SourceRef.parse(layout.toString())).isEqualTo(new SourceRef.OciDir("oci-dir://" + layout, layout.toString()));
        assertThat(SourceRef.parse(archive.toString())).isEqualTo(new SourceRef.Archive("archive://" + archive, archive.toString()));
        assertThat(SourceRef.parse(sbom.toString())).isEqualTo(new SourceRef.SbomFile("sbom://" + sbom, sbom));
        // names found in images never make Warden look at this machine's files
        assertThatThrownBy(() -> SourceRef.parseWithoutFiles(root.toString())).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("unsupported image source");
    }

    @Test
    void missingPathsSayWhatTheyWereRelativeTo() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThatThrownBy(() -> SourceRef.parse("missing/image.tar")).isInstanceOf(WardenException.class)
                .hasMessage("image source 'missing/image.tar': no such file or directory: missing/image.tar (relative to the working directory " + cwd + ")");
        assertThatThrownBy(() -> SourceRef.parse("/nonexistent/warden/root")).isInstanceOf(WardenException.class)
                .hasMessage("image source '/nonexistent/warden/root': no such file or directory: /nonexistent/warden/root");
        assertThatThrownBy(() -> ImageSources.open("fs://missing-root", SourceOptions.defaults(Path.of("unused"))))
                .isInstanceOf(WardenException.class)
                .hasMessage("fs://missing-root: no such file or directory: missing-root (relative to the working directory " + cwd + ")");
    }

    @Test
    void aPathGivenWithTheWrongSchemeGetsTheRightOne(@TempDir Path dir) throws IOException {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        Files.writeString(layout.resolve("oci-layout"), "{}");
        Path archive = Files.write(dir.resolve("image.tar"), new byte[1024]);
        SourceOptions options = SourceOptions.defaults(dir.resolve("cache"));
        assertThatThrownBy(() -> ImageSources.open("archive://" + layout, options)).isInstanceOf(WardenException.class)
                .hasMessageEndingWith("is an OCI image layout: use oci-dir://" + layout);
        assertThatThrownBy(() -> ImageSources.open("oci-dir://" + archive, options)).isInstanceOf(WardenException.class)
                .hasMessageEndingWith(": use archive://" + archive);
        assertThatThrownBy(() -> ImageSources.open("fs://" + archive, options)).isInstanceOf(WardenException.class)
                .hasMessageEndingWith(": use archive://" + archive);
        assertThatThrownBy(() -> ImageSources.open("oci-dir://" + dir, options)).isInstanceOf(WardenException.class)
                .hasMessageEndingWith("not an OCI image layout (no oci-layout file); for a root filesystem use fs://" + dir);
    }

    @Test
    void anSbomIsNotAnImageToOpen() {
        assertThatThrownBy(() -> ImageSources.open(SourceRef.parse("sbom://x.json"), SourceOptions.defaults(Path.of("unused"))))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("unsupported image source 'sbom://x.json'");
    }
}
