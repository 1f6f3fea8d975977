package dev.warden.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packet's signed list of files: checked by Warden, and its bundle by @sigstore/verify. */
class SubmissionPacketTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    private static List<SubmissionPacket.Part> parts() {
        List<SubmissionPacket.Part> parts = new ArrayList<>();
        for (String name : SubmissionPacket.REQUIRED) {
            parts.add(new SubmissionPacket.Part(name, "text/plain", ("content of " + name).getBytes(StandardCharsets.UTF_8)));
        }
        return parts;
    }

    @Tag("live") // sigstore-js, installed by npm from registry.npmjs.org (SigstoreJs)
    @Test
    void aWrittenPacketChecksCleanAndSigstoreJsVerifiesItsBundle() throws Exception {
        SigningKey key = SigningKey.generate();
        SubmissionPacket.write(dir, "example/app", DIGEST, parts(), key);
        SubmissionPacket.Check check = SubmissionPacket.check(dir, key.publicKey(), DIGEST);
        assertThat(check.problems()).isEmpty();
        assertThat(check.files()).containsExactlyElementsOf(SubmissionPacket.REQUIRED);

        Path pub = Files.writeString(dir.resolve("key.pub.pem"), key.publicKey().toPem());
        SigstoreJs.Result js = SigstoreJs.install().node("verify-bundle.js", dir.resolve(SubmissionPacket.BUNDLE).toString(),
                pub.toString(), DIGEST);
        assertThat(js.output()).isEqualTo("VERIFIED " + SubmissionPacket.PREDICATE);

        assertThat(SubmissionPacket.check(dir, key.publicKey(), "sha256:" + "cd".repeat(32)).problems())
                .containsExactly(SubmissionPacket.BUNDLE + ": the packet is about " + DIGEST + ", not sha256:" + "cd".repeat(32));
    }

    @Test
    void aSignedListNamingPathsOutsideThePacketIsNeverFollowed() throws Exception {
        SigningKey key = SigningKey.generate();
        Files.writeString(dir.getParent().resolve("outside.txt"), "secret");
        ObjectNode predicate = OciDocuments.JSON.createObjectNode();
        predicate.putArray("files").addObject().put("name", "../outside.txt").put("sha256", "00");
        byte[] statement = SigstoreBundle.signatureStatement("x", DIGEST, SubmissionPacket.PREDICATE, predicate);
        Files.write(dir.resolve(SubmissionPacket.BUNDLE), SigstoreBundle.dsseBundle(statement, key));
        SubmissionPacket.Check check = SubmissionPacket.check(dir, key.publicKey(), DIGEST);
        assertThat(check.problems()).contains(SubmissionPacket.BUNDLE + ": lists a file named '../outside.txt', which is not a plain file name")
                .contains("image.md: not in the packet");
        assertThat(check.files()).isEmpty();
    }

    @Test
    void aFolderWithoutABundleIsNotAPacket() {
        assertThatThrownBy(() -> SubmissionPacket.check(dir, SigningKey.generate().publicKey(), DIGEST))
                .isInstanceOf(WardenException.class).hasMessageContaining("not a submission packet (no packet.sigstore.json)");
    }
}
