package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo.AttestationState;
import dev.warden.image.AttestationFinder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The referrers API as registries answer it, which the real docker-registry 2.8 of the other tests cannot (it has no
 * API): a list (read, the tag schema not asked), the spec's 404 and the 400/405 of registries that predate it (all
 * mean "use the tag schema"), and a 500 (an error: the attestations are unreadable, with one warning).
 */
class ReferrersFallbackTest {
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1));
    private static final String IMAGE = "sha256:" + "ab".repeat(32);

    @TempDir
    Path cache;

    private AttestationFinder.Found find(int referrersStatus) throws Exception {
        try (FakeServer server = new FakeServer((exchange, call) -> FakeServer.respond(exchange,
                exchange.getRequestURI().getPath().contains("/referrers/") ? referrersStatus : 404, new byte[0]));
             RegistryClient client = RegistryClient.create(RegistryReference.parse(server.host() + "/app/x:1"),
                     SmallImages.options(cache, null), FAST, Clock.systemUTC())) {
            AttestationFinder.Found found = RegistryAttestations.find(client, null, IMAGE);
            if (found.state() == AttestationState.SEARCHED) {
                // the tag schema was asked after the API, then cosign's tag
                assertThat(server.requests()).extracting(FakeServer.Request::path).containsSubsequence(
                        "/v2/app/x/referrers/" + IMAGE, "/v2/app/x/manifests/sha256-" + "ab".repeat(32),
                        "/v2/app/x/manifests/sha256-" + "ab".repeat(32) + ".att");
            }
            return found;
        }
    }

    @Test
    void noReferrersApiFallsBackToTheTagSchema() throws Exception {
        for (int status : new int[] {404, 400, 405}) {
            AttestationFinder.Found found = find(status);
            assertThat(found.state()).as("HTTP " + status).isEqualTo(AttestationState.SEARCHED);
            assertThat(found.attestations()).isEmpty();
            assertThat(found.warnings()).isEmpty();
        }
    }

    /** A registry with the API (distribution 3, Harbor, ...): the referrers list is read and the tag schema is not asked. */
    @Test
    void referrersApiListIsRead() throws Exception {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.in-toto+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.in-toto+json\",\"digest\":\"sha256:" + "cd".repeat(32) + "\",\"size\":10,"
                + "\"annotations\":{\"in-toto.io/predicate-type\":\"https://cyclonedx.org/bom\"}}],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + IMAGE + "\",\"size\":1}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String digest = SmallImages.sha256(manifest);
        byte[] list = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + manifest.length + ",\"artifactType\":\"application/vnd.in-toto+json\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FakeServer server = new FakeServer((exchange, call) -> {
                    String path = exchange.getRequestURI().getPath();
                    if (path.equals("/v2/app/x/referrers/" + IMAGE)) {
                        FakeServer.respond(exchange, 200, list, "Content-Type", "application/vnd.oci.image.index.v1+json");
                    } else if (path.equals("/v2/app/x/manifests/" + digest)) {
                        FakeServer.respond(exchange, 200, manifest, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
                    } else {
                        FakeServer.respond(exchange, 404, new byte[0]);
                    }
                });
             RegistryClient client = RegistryClient.create(RegistryReference.parse(server.host() + "/app/x:1"),
                     SmallImages.options(cache, null), FAST, Clock.systemUTC())) {
            AttestationFinder.Found found = RegistryAttestations.find(client, null, IMAGE);
            assertThat(found.warnings()).isEmpty();
            assertThat(found.attestations()).containsExactly(new dev.warden.core.ImageInfo.Attestation(
                    "https://cyclonedx.org/bom", "sha256:" + "cd".repeat(32), "application/vnd.in-toto+json", "referrers"));
            assertThat(server.requests()).extracting(FakeServer.Request::path)
                    .doesNotContain("/v2/app/x/manifests/sha256-" + "ab".repeat(32));
        }
    }

    @Test
    void serverErrorIsOneWarning() throws Exception {
        AttestationFinder.Found found = find(500);
        assertThat(found.state()).isEqualTo(AttestationState.UNREADABLE);
        assertThat(found.warnings()).singleElement().asString().contains("referrers of " + IMAGE).contains("HTTP 500");
    }
}
