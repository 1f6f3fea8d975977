package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
        // a bare word is not a registry reference without a slash: a typo of a path must not go to Docker Hub
        assertThatThrownBy(() -> SourceRef.parse("debian")).isInstanceOf(WardenException.class).hasMessageStartingWith("unsupported image source");
        assertThatThrownBy(() -> SourceRef.parse("docker://")).isInstanceOf(WardenException.class).hasMessageStartingWith("empty engine image 'docker://'");
        assertThatThrownBy(() -> SourceRef.parse("sbom://")).isInstanceOf(WardenException.class).hasMessageStartingWith("empty SBOM source 'sbom://'");
        assertThatThrownBy(() -> SourceRef.parse("registry://Host/UPPER:v1")).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("invalid registry reference");
    }

    @Test
    void anSbomIsNotAnImageToOpen() {
        assertThatThrownBy(() -> ImageSources.open(SourceRef.parse("sbom://x.json"), SourceOptions.defaults(Path.of("unused"))))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("unsupported image source 'sbom://x.json'");
    }
}
