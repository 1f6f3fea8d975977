package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.attest.SubmissionPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden submit} makes the packet of an image in a real docker-registry and {@code warden intake} takes it in;
 * then the packet is damaged the ways a repository must notice (a file changed, a file gone, another image, another
 * key) and intake names each. Runs offline on the advisory snapshot Warden ships.
 */
@Tag("live") // a real docker-registry (SigningFixture)
class SubmitCommandTest {
    private static final Map<String, String> PASS = Map.of(Passphrase.ENV, "packet-pass");

    @TempDir
    static Path work;
    static SigningFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new SigningFixture(work);
        fixture.registry.push(fixture.layout("submitted", "to the registry\n"), "latest", "signed/app:v1");
        fixture.registry.push(fixture.layout("submitted-two", "another image\n"), "latest", "signed/other:v1");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void submitThenIntakeAndEveryDamageIsNamed() throws Exception {
        String prefix = work.resolve("submitter").toString();
        assertThat(fixture.warden(PASS, "key", "generate", "--output-key-prefix", prefix).exit()).isZero();
        Path policy = Files.writeString(work.resolve("policy.yaml"), """
                version: 1
                policies:
                  - type: vulnerabilities
                    severities: [critical, high]
                    fixable_only: true
                """);
        assertThat(fixture.warden(PASS, "key", "generate", "--output-key-prefix", work.resolve("other").toString()).exit()).isZero();
        String image = fixture.registry.host() + "/signed/app:v1";
        Path packet = work.resolve("packet");
        SigningFixture.Run submitted = fixture.warden(PASS, "submit", image, "--key", prefix + ".key", "--policy",
                policy.toString(), "-o", packet.toString(), "--offline", "--quiet");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        for (String name : SubmissionPacket.REQUIRED) {
            assertThat(packet.resolve(name)).isRegularFile();
        }
        assertThat(packet.resolve(SubmissionPacket.BUNDLE)).isRegularFile();
        assertThat(Files.readString(packet.resolve("image.md"))).contains("| User | root (no USER set) |").contains("## Layers");

        SigningFixture.Run accepted = fixture.warden(Map.of(), "intake", packet.toString(), image, "--key", prefix + ".pub",
                "--policy", policy.toString(), "--offline", "--quiet");
        assertThat(accepted.exit()).as(accepted.out() + accepted.err()).isZero();
        assertThat(accepted.out()).contains("judged again with the advisory database ").contains("accepted: complete, signed, intact");

        Files.writeString(packet.resolve("image.md"), "\nedited after signing", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(packet.resolve("scan.sarif"));
        String other = fixture.registry.host() + "/signed/other:v1";
        SigningFixture.Run refused = fixture.warden(Map.of(), "intake", packet.toString(), other, "--key",
                work.resolve("other.pub").toString(), "--policy", policy.toString(), "--offline", "--quiet");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out())
                .contains("  - image.md: changed since it was signed (sha256 differs)")
                .contains("  - scan.sarif: missing (or a link)")
                .contains("  - packet.sigstore.json: the signature does not verify with key")
                .contains("; the packet is about sha256:");
        assertThat(refused.err()).contains("4 problems; not accepted");
    }
}
