package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden key generate}, {@code sign} and {@code verify} as a user runs them: a JVM of their own (the passphrase
 * comes from the environment), against a real docker-registry and an OCI layout, exit codes included.
 */
@Tag("live") // a real docker-registry (SigningFixture)
class SignCommandTest {
    @TempDir
    static Path work;
    static SigningFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new SigningFixture(work);
        fixture.registry.push(fixture.layout("pushed", "to the registry\n"), "latest", "signed/app:v1");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static SigningFixture.Run warden(Map<String, String> env, String... args) throws Exception {
        return fixture.warden(env, args);
    }

    static Path layout(String name, String content) {
        return fixture.layout(name, content);
    }

    @Test
    void generateSignVerifyInARegistryAndALayout() throws Exception {
        Map<String, String> env = Map.of(Passphrase.ENV, "s3cret");
        String prefix = work.resolve("team").toString();
        SigningFixture.Run generated = warden(env, "key", "generate", "--output-key-prefix", prefix);
        assertThat(generated.exit()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("team.key").contains("team.pub");
        SigningFixture.Run other = warden(env, "key", "generate", "--output-key-prefix", work.resolve("other").toString());
        assertThat(other.exit()).isZero();

        String image = fixture.registry.host() + "/signed/app:v1";
        SigningFixture.Run unsigned = warden(Map.of(), "verify", image, "--key", prefix + ".pub");
        assertThat(unsigned.exit()).isEqualTo(1);
        assertThat(unsigned.err()).contains("(none found)");

        SigningFixture.Run signed = warden(env, "sign", image, "--key", prefix + ".key");
        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(signed.out()).contains("cosign signature:  " + fixture.registry.host() + "/signed/app:sha256-");

        SigningFixture.Run verified = warden(Map.of(), "verify", image, "--key", prefix + ".pub");
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out().lines().filter(l -> l.startsWith("verified"))).hasSize(2);

        SigningFixture.Run wrongKey = warden(Map.of(), "verify", "registry://" + image, "--key", work.resolve("other.pub").toString());
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.out().lines().filter(l -> l.startsWith("not verified"))).hasSize(2);
        assertThat(wrongKey.err()).contains("no signature by key");

        Path vex = Files.writeString(work.resolve("team.vex.json"), "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[]}");
        SigningFixture.Run attested = warden(env, "attest", image, "--key", prefix + ".key", "--type", "vex", "--predicate", vex.toString());
        assertThat(attested.exit()).as(attested.err()).isZero();
        SigningFixture.Run sbom = warden(env, "attest", image, "--key", prefix + ".key", "--type", "sbom");
        assertThat(sbom.exit()).as(sbom.err()).isZero();
        assertThat(sbom.out()).contains("https://cyclonedx.org/bom");
        SigningFixture.Run vexVerified = warden(Map.of(), "verify-attestation", image, "--key", prefix + ".pub", "--type", "vex");
        assertThat(vexVerified.exit()).as(vexVerified.err()).isZero();
        assertThat(vexVerified.out().lines().filter(l -> l.startsWith("verified"))).hasSize(2);
        assertThat(warden(Map.of(), "verify-attestation", image, "--key", prefix + ".pub", "--type", "sbom").exit()).isZero();
        SigningFixture.Run noProvenance = warden(Map.of(), "verify-attestation", image, "--key", prefix + ".pub", "--type", "provenance");
        assertThat(noProvenance.exit()).isEqualTo(1);
        assertThat(noProvenance.err()).contains("no provenance attestation by key");

        Path dir = layout("layout", "in a layout\n");
        assertThat(warden(env, "sign", "oci-dir://" + dir, "--key", prefix + ".key").exit()).isZero();
        SigningFixture.Run layoutVerified = warden(Map.of(), "verify", "oci-dir://" + dir, "--key", prefix + ".pub", "--format", "json");
        assertThat(layoutVerified.exit()).isZero();
        assertThat(layoutVerified.out()).contains("\"verified\" : true");
    }

    @Test
    void unusableInputIsOneLineAndExitTwo() throws Exception {
        String prefix = work.resolve("input").toString();
        assertThat(warden(Map.of(Passphrase.ENV, "right"), "key", "generate", "--output-key-prefix", prefix).exit()).isZero();
        String image = fixture.registry.host() + "/signed/app:v1";

        SigningFixture.Run wrongPass = warden(Map.of(Passphrase.ENV, "wrong"), "sign", image, "--key", prefix + ".key");
        assertThat(wrongPass.exit()).isEqualTo(2);
        assertThat(wrongPass.err().strip()).isEqualTo("warden: " + prefix + ".key: wrong passphrase, or the key file was altered (decryption failed)");

        SigningFixture.Run noPass = warden(Map.of(), "sign", image, "--key", prefix + ".key");
        assertThat(noPass.exit()).isEqualTo(2);
        assertThat(noPass.err()).contains("set WARDEN_PASSWORD").doesNotContain("Exception");

        SigningFixture.Run privateAsPublic = warden(Map.of(), "verify", image, "--key", prefix + ".key");
        assertThat(privateAsPublic.exit()).isEqualTo(2);
        assertThat(privateAsPublic.err()).contains("give the .pub file").doesNotContain("\tat ");

        SigningFixture.Run again = warden(Map.of(Passphrase.ENV, "x"), "key", "generate", "--output-key-prefix", prefix);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
    }
}
