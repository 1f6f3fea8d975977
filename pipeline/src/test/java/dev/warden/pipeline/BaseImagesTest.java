package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.image.registry.RegistryReference;
import org.junit.jupiter.api.Test;

class BaseImagesTest {
    @Test
    void registrySourcesAndDockerShortNamesAreRegistryReferencesOtherSourcesAreNot() {
        assertThat(BaseImages.registryReference("registry://127.0.0.1:5000/base/debian:12"))
                .contains(new RegistryReference("127.0.0.1:5000", "base/debian", "12", null));
        assertThat(BaseImages.registryReference("docker.io/library/debian:12"))
                .contains(new RegistryReference("docker.io", "library/debian", "12", null));
        // annotations and provenance may use Docker's short form, which is no SOURCE
        assertThat(BaseImages.registryReference("debian:12")).contains(new RegistryReference("docker.io", "library/debian", "12", null));
        assertThat(BaseImages.registryReference("oci-dir://base:12")).isEmpty();
        assertThat(BaseImages.registryReference("archive://base.tar")).isEmpty();
        assertThat(BaseImages.registryReference("fs:/")).isEmpty();
        assertThat(BaseImages.registryReference("sbom://base.json")).isEmpty();
        assertThat(BaseImages.registryReference("sbom:")).isEmpty();
        assertThat(BaseImages.registryReference("registry://Bad/UPPER")).isEmpty();
        assertThat(BaseImages.registryReference("ftp://example/x")).isEmpty();
        assertThat(BaseImages.registryReference(null)).isEmpty();
    }
}
