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
 * What registries without the referrers API answer, which a real docker-registry will not vary on demand: the spec's
 * 404, the 400/405 of registries that predate it (both mean "use the tag schema"), and a 500 (an error: the
 * attestations are unreadable, with one warning).
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

    @Test
    void serverErrorIsOneWarning() throws Exception {
        AttestationFinder.Found found = find(500);
        assertThat(found.state()).isEqualTo(AttestationState.UNREADABLE);
        assertThat(found.warnings()).singleElement().asString().contains("referrers of " + IMAGE).contains("HTTP 500");
    }
}
