package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Warden takes from an engine's image inspect answer: the image id and the registry manifest digest. */
class EngineIdentityTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    @Test
    void theRepoDigestOfTheNamesOwnRepositoryWins() {
        // Docker writes familiar names, Podman full ones: both are compared spelled out
        List<String> docker = List.of("example.com/other@" + A, "debian@" + B);
        assertThat(EngineSource.registryManifestDigest("debian:12", docker)).isEqualTo(B);
        assertThat(EngineSource.registryManifestDigest("docker.io/library/debian:12", docker)).isEqualTo(B);
        List<String> podman = List.of("docker.io/library/debian@" + B, "127.0.0.1:5000/mirror/debian@" + C);
        assertThat(EngineSource.registryManifestDigest("127.0.0.1:5000/mirror/debian:12", podman)).isEqualTo(C);
        assertThat(EngineSource.registryManifestDigest("debian", podman)).isEqualTo(B);
    }

    @Test
    void aNameWithADigestKeepsItAndAnIdTakesTheFirst() {
        List<String> digests = List.of("docker.io/library/debian@" + A, "docker.io/library/debian@" + B);
        assertThat(EngineSource.registryManifestDigest("debian@" + B, digests)).isEqualTo(B);
        assertThat(EngineSource.registryManifestDigest("0123456789ab", digests)).isEqualTo(A);
        assertThat(EngineSource.registryManifestDigest("debian:12", List.of())).as("never pulled or pushed").isNull();
    }

    @Test
    void theInspectAnswerGivesTheIdAndWellFormedRepoDigestsOnly() {
        EngineSource.Inspected read = EngineSource.Inspected.read(("{\"Id\":\"" + A + "\",\"RepoDigests\":[\"debian@" + B
                + "\",\"evil@sha256:../../x\",\"no-digest\",\"debian@" + B + "\"]}").getBytes(StandardCharsets.UTF_8), "docker://debian");
        assertThat(read.id()).isEqualTo(A);
        assertThat(read.repoDigests()).containsExactly("debian@" + B);
        assertThat(EngineSource.Inspected.read(("{\"Id\":\"" + "c".repeat(64) + "\"}").getBytes(StandardCharsets.UTF_8), "x").id())
                .as("a bare hex id").isEqualTo(C);
        assertThat(EngineSource.Inspected.read("{}".getBytes(StandardCharsets.UTF_8), "x").id()).isNull();
        assertThatThrownBy(() -> EngineSource.Inspected.read("not json".getBytes(StandardCharsets.UTF_8), "docker://x"))
                .isInstanceOf(WardenException.class).hasMessage("docker://x: the container engine's image inspect answer is not JSON");
    }

    @Test
    void anIdThatIsNotTheConfigDigestIsAChangeOnlyWhenTheEngineNamesAnotherImageAfterTheExport() {
        // Docker's legacy store and Podman: the id is the config's digest
        assertThat(EngineSource.changedWhileRead(A, A, null)).isFalse();
        assertThat(EngineSource.changedWhileRead(null, A, B)).as("no id given").isFalse();
        // Docker's containerd image store: the id is the manifest's or index's digest, the same before and after
        assertThat(EngineSource.changedWhileRead(B, A, B)).isFalse();
        // the tag moved while the export was read (either store): the engine names another image after it
        assertThat(EngineSource.changedWhileRead(B, A, A)).isTrue();
        assertThat(EngineSource.changedWhileRead(B, A, C)).isTrue();
    }
}
