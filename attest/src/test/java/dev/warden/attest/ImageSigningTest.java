package dev.warden.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.RegistryRepository;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing and verifying images in a real docker-registry (2.8: no referrers API, so the tag schema is used) and in
 * OCI layouts, with the Sigstore project's JavaScript libraries as the independent party: @sigstore/verify checks
 * Warden's bundles, and a bundle @sigstore/sign made and @sigstore/oci attached verifies in Warden.
 */
@Tag("live") // a real docker-registry (RegistryServer); sigstore-js from registry.npmjs.org
class ImageSigningTest {
    private static final char[] PASS = "pw".toCharArray();

    @TempDir
    static Path work;

    static RegistryServer registry;
    static SigningKey key;
    static SigningKey otherKey;
    static SourceOptions options;
    static SigstoreJs js;

    @BeforeAll
    static void setUp() throws Exception {
        registry = RegistryServer.anonymous(work.resolve("registry"));
        registry.push(layout("one", "hello\n"), "latest", "test/app:v1");
        registry.push(layout("two", "other\n"), "latest", "test/app:v2");
        registry.push(layout("three", "third\n"), "latest", "test/js:v1");
        registry.push(layout("four", "fourth\n"), "latest", "test/jsverify:v1");
        registry.push(layout("five", "fifth\n"), "latest", "test/verify:v1");
        registry.push(layout("six", "sixth\n"), "latest", "test/attest:v1");
        registry.push(layout("seven", "seventh\n"), "latest", "test/jsattest:v1");
        registry.push(layout("eight", "eighth\n"), "latest", "test/hostile:v1");
        key = KeyFiles.readPrivate(KeyFiles.generate(work.resolve("k").toString(), PASS).privateKey(), PASS);
        otherKey = SigningKey.generate();
        SourceOptions d = SourceOptions.defaults(work.resolve("cache"));
        options = new SourceOptions(null, null, null, d.insecureRegistries(), work.resolve("cache"), null, d.limits(), Progress.NONE);
        js = SigstoreJs.install();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static Path layout(String name, String content) {
        byte[] tar = new TarBuilder().file("etc/" + name, content).build();
        return new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(tar)).write(work.resolve("layouts").resolve(name));
    }

    private ArtifactStore store(String reference) {
        return ArtifactStores.open(reference, options);
    }

    @Test
    void signedRegistryImageVerifiesWithItsKeyOnlyAndEachSignatureIsNamed() throws IOException {
        String ref = registry.host() + "/test/verify:v1";
        try (ArtifactStore store = store(ref)) {
            ImageSigner.Signed signed = new ImageSigner(Clock.systemUTC()).sign(store, key);
            assertThat(signed.signatureTag()).isEqualTo("sha256-" + signed.imageDigest().substring(7) + ".sig");

            VerificationReport good = new SignatureVerifier().verify(store, key.publicKey());
            assertThat(good.imageDigest()).isEqualTo(signed.imageDigest());
            assertThat(good.checks()).extracting(Verification::kind).containsExactlyInAnyOrder("cosign", "bundle");
            assertThat(good.checks()).allMatch(Verification::verified);

            VerificationReport bad = new SignatureVerifier().verify(store, otherKey.publicKey());
            assertThat(bad.anyVerified()).isFalse();
            assertThat(bad.checks()).hasSize(2).allSatisfy(c -> assertThat(c.reason()).contains("does not verify with key"));
        }
        // the registry holds cosign's layout: the .sig tag's manifest has one simple-signing layer with the signature
        try (RegistryRepository repo = RegistryRepository.open(ref, options)) {
            String digest = repo.resolve(1 << 20).digest();
            JsonNode sig = OciDocuments.parse(repo.tagged("sha256-" + digest.substring(7) + ".sig", 1 << 20).orElseThrow().content(), "sig");
            JsonNode layer = sig.path("layers").get(0);
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
            byte[] payload = repo.blob(layer.path("digest").asText(), 1 << 20);
            assertThat(OciDocuments.parse(payload, "p").path("critical").path("image").path("docker-manifest-digest").asText()).isEqualTo(digest);
            assertThat(key.publicKey().verifies(payload, Base64.getDecoder().decode(
                    layer.path("annotations").path("dev.cosignproject.cosign/signature").asText()))).isTrue();
        }
    }

    @Test
    void aSignatureCopiedFromAnotherImageIsRefusedForNamingThatImage() throws IOException {
        String v1 = registry.host() + "/test/app:v1";
        String v2 = registry.host() + "/test/app:v2";
        try (ArtifactStore one = store(v1); ArtifactStore two = store(v2)) {
            ImageSigner.Signed signedTwo = new ImageSigner(Clock.systemUTC()).sign(two, key);
            String oneDigest = one.subject().digest();
            ArtifactStore.Manifest twoSig = two.tagged(signedTwo.signatureTag()).orElseThrow();
            // the attacker's move: v2's valid signature placed under v1's signature tag
            ArtifactStore.Manifest oneSig = one.tagged(OciDocuments.signatureTag(oneDigest)).orElse(null);
            one.putManifest(twoSig.content(), OciDocuments.OCI_MANIFEST, OciDocuments.signatureTag(oneDigest));
            try {
                VerificationReport report = new SignatureVerifier().verify(one, key.publicKey());
                assertThat(report.checks()).filteredOn(c -> c.kind().equals("cosign"))
                        .anySatisfy(c -> {
                            assertThat(c.verified()).isFalse();
                            assertThat(c.reason()).contains("names another image").contains(signedTwo.imageDigest());
                        });
            } finally {
                if (oneSig != null) {
                    one.putManifest(oneSig.content(), OciDocuments.OCI_MANIFEST, OciDocuments.signatureTag(oneDigest));
                }
            }
        }
    }

    @Test
    void sigstoreJsVerifiesWardensBundleAndRefusesAForgedOne() throws Exception {
        try (ArtifactStore store = store(registry.host() + "/test/jsverify:v1")) {
            ImageSigner.Signed signed = new ImageSigner(Clock.systemUTC()).sign(store, key);
            byte[] bundle = store.blob(OciDocuments.parse(store.manifest(signed.bundleManifest()).content(), "m")
                    .path("layers").get(0).path("digest").asText());
            Path bundleFile = Files.write(work.resolve("warden.sigstore.json"), bundle);
            Path pub = Files.writeString(work.resolve("warden.pub"), key.publicKey().toPem());
            SigstoreJs.Result ok = js.node("verify-bundle.js", bundleFile.toString(), pub.toString(), signed.imageDigest());
            assertThat(ok.output()).isEqualTo("VERIFIED https://sigstore.dev/cosign/sign/v1");
            assertThat(ok.exit()).isZero();

            Path otherPub = Files.writeString(work.resolve("other.pub"), otherKey.publicKey().toPem());
            SigstoreJs.Result wrongKey = js.node("verify-bundle.js", bundleFile.toString(), otherPub.toString(), signed.imageDigest());
            assertThat(wrongKey.exit()).isEqualTo(1);
            assertThat(wrongKey.output()).startsWith("NOT VERIFIED");

            // the statement swapped for one about another image, the signature kept: both sides refuse it
            JsonNode doc = OciDocuments.parse(bundle, "b");
            byte[] statement = SigstoreBundle.signatureStatement("x", "sha256:" + "0".repeat(64), SigstoreBundle.COSIGN_SIGN_PREDICATE, null);
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("dsseEnvelope")).put("payload", Base64.getEncoder().encodeToString(statement));
            Path forged = Files.write(work.resolve("forged.sigstore.json"), OciDocuments.write(doc));
            SigstoreJs.Result jsForged = js.node("verify-bundle.js", forged.toString(), pub.toString(), signed.imageDigest());
            assertThat(jsForged.exit()).isEqualTo(1);
            Verification wardenForged = SignatureVerifier.checkBundleContent(
                    SigstoreBundle.read(OciDocuments.write(doc), "forged"), store.subject(), key.publicKey(), "forged", SigstoreBundle.COSIGN_SIGN_PREDICATE::equals);
            assertThat(wardenForged.verified()).isFalse();
            assertThat(wardenForged.reason()).contains("does not verify");
        }
    }

    @Test
    void aBundleSigstoreJsSignedAndAttachedVerifiesInWarden() throws Exception {
        String ref = registry.host() + "/test/js:v1";
        try (ArtifactStore store = store(ref)) {
            String digest = store.subject().digest();
            Path pkcs8 = Files.writeString(work.resolve("warden-key.pem"), Pem.encode("PRIVATE KEY", key.pkcs8()));
            SigstoreJs.Result attached = js.node("sign-and-attach.js", pkcs8.toString(), registry.host() + "/test/js", digest,
                    SigstoreBundle.COSIGN_SIGN_PREDICATE);
            assertThat(attached.exit()).as(attached.output()).isZero();

            VerificationReport report = new SignatureVerifier().verify(store, key.publicKey());
            assertThat(report.checks()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo("bundle");
                assertThat(c.verified()).as(c.reason()).isTrue();
                assertThat(c.where()).isEqualTo(registry.host() + "/test/js@" + attached.output());
            });
            assertThat(new SignatureVerifier().verify(store, otherKey.publicKey()).anyVerified()).isFalse();
        }
    }

    @Test
    void signedLayoutVerifiesAndStillOpensAsOneImage() throws IOException {
        Path dir = layout("layout-signed", "in a layout\n");
        String source = "oci-dir://" + dir;
        String imageDigest;
        try (ArtifactStore store = store(source)) {
            ImageSigner.Signed signed = new ImageSigner(Clock.systemUTC()).sign(store, key);
            new ImageSigner(Clock.systemUTC()).sign(store, otherKey);
            VerificationReport report = new SignatureVerifier().verify(store, key.publicKey());
            assertThat(report.imageDigest()).isEqualTo(signed.imageDigest());
            imageDigest = signed.imageDigest();
            // two signatures of each kind: this key's verify, the other key's are named as not verifying
            assertThat(report.checks()).hasSize(4);
            assertThat(report.checks()).filteredOn(Verification::verified).extracting(Verification::kind)
                    .containsExactlyInAnyOrder("cosign", "bundle");
        }
        try (ImageSource image = ImageSources.open(source, options)) {
            assertThat(image.info().manifestDigest()).isEqualTo(imageDigest);
        }
    }

    @Test
    void attestationsVerifyByTypeAndKeyAndAreNotTakenForSignatures() throws IOException {
        String ref = registry.host() + "/test/attest:v1";
        try (ArtifactStore store = store(ref)) {
            JsonNode sbom = OciDocuments.parse("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}"
                    .getBytes(StandardCharsets.UTF_8), "sbom");
            String type = PredicateTypes.forType("sbom", sbom, "sbom");
            ImageAttester.Attested attested = new ImageAttester(Clock.systemUTC()).attest(store, key, type, sbom);
            assertThat(attested.attestationTag()).endsWith(".att");

            VerificationReport sboms = new AttestationVerifier().verify(store, key.publicKey(), "sbom");
            assertThat(sboms.checks()).hasSize(2).allSatisfy(c -> {
                assertThat(c.verified()).as(c.reason()).isTrue();
                assertThat(c.predicateType()).isEqualTo(PredicateTypes.CYCLONEDX);
            });
            assertThat(new AttestationVerifier().verify(store, key.publicKey(), "vex").checks()).isEmpty();
            assertThat(new AttestationVerifier().verify(store, otherKey.publicKey(), null).anyVerified()).isFalse();
            // an attestation is no signature: verify finds none
            assertThat(new SignatureVerifier().verify(store, key.publicKey()).checks()).isEmpty();
            assertThatThrownBy(() -> new AttestationVerifier().verify(store, key.publicKey(), "sboms"))
                    .isInstanceOf(WardenException.class).hasMessageContaining("--type 'sboms'");
        }
    }

    @Test
    void anAttestationSigstoreOciAttachedVerifiesInWarden() throws Exception {
        String ref = registry.host() + "/test/jsattest:v1";
        try (ArtifactStore store = store(ref)) {
            String digest = store.subject().digest();
            Path pkcs8 = Files.writeString(work.resolve("warden-key-2.pem"), Pem.encode("PRIVATE KEY", key.pkcs8()));
            SigstoreJs.Result attached = js.node("sign-and-attach.js", pkcs8.toString(), registry.host() + "/test/jsattest", digest,
                    PredicateTypes.SLSA_PROVENANCE_V1);
            assertThat(attached.exit()).as(attached.output()).isZero();
            VerificationReport provenance = new AttestationVerifier().verify(store, key.publicKey(), "provenance");
            assertThat(provenance.checks()).singleElement().satisfies(c -> {
                assertThat(c.verified()).as(c.reason()).isTrue();
                assertThat(c.predicateType()).isEqualTo(PredicateTypes.SLSA_PROVENANCE_V1);
            });
            assertThat(new AttestationVerifier().verify(store, key.publicKey(), "sbom").checks()).isEmpty();
        }
    }

    @Test
    void envelopesWithSeveralSignaturesOrAnotherPayloadTypeAreRefused() {
        byte[] statement = SigstoreBundle.signatureStatement("x", "sha256:" + "a".repeat(64), PredicateTypes.OPENVEX, null);
        var two = Dsse.sign(Dsse.IN_TOTO, statement, key);
        two.withArray("signatures").add(two.withArray("signatures").get(0).deepCopy());
        assertThatThrownBy(() -> Dsse.read(two, "two")).isInstanceOf(WardenException.class).hasMessageContaining("has 2 signatures");
        var text = Dsse.sign("text/plain", statement, key);
        ArtifactStore.Manifest subject = new ArtifactStore.Manifest(new byte[0], OciDocuments.OCI_MANIFEST, "sha256:" + "a".repeat(64));
        Verification check = SignatureVerifier.checkBundleContent(SigstoreBundle.read(SigstoreBundle.wrap(text, key), "b"), subject,
                key.publicKey(), "b", t -> true);
        assertThat(check.verified()).isFalse();
        assertThat(check.reason()).contains("'text/plain' is not in-toto");
    }

    @Test
    void aTruncatedSignatureIsNamedNeverVerified() throws IOException {
        try (ArtifactStore store = store(registry.host() + "/test/hostile:v1")) {
            ImageSigner.Signed signed = new ImageSigner(Clock.systemUTC()).sign(store, key);
            ArtifactStore.Manifest sig = store.tagged(signed.signatureTag()).orElseThrow();
            var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) OciDocuments.parse(sig.content(), "sig");
            var annotations = (com.fasterxml.jackson.databind.node.ObjectNode) manifest.path("layers").get(0).path("annotations");
            String whole = annotations.path(SimpleSigning.SIGNATURE_ANNOTATION).asText();
            annotations.put(SimpleSigning.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(Base64.getDecoder().decode(whole), 20)));
            store.putManifest(OciDocuments.write(manifest), OciDocuments.OCI_MANIFEST, signed.signatureTag());

            VerificationReport report = new SignatureVerifier().verify(store, key.publicKey());
            assertThat(report.checks()).filteredOn(c -> c.kind().equals("cosign")).singleElement().satisfies(c -> {
                assertThat(c.verified()).isFalse();
                assertThat(c.reason()).isEqualTo("signature does not verify with key " + key.publicKey().shortId() + " (another key, or altered)");
            });
        }
    }

    @Test
    void aLayoutWithTenThousandReferrersIsRefusedByNameNeverVerified() throws IOException {
        Path dir = layout("hostile-layout", "many referrers\n");
        String source = "oci-dir://" + dir + ":latest";
        try (ArtifactStore store = store(source)) {
            new ImageSigner(Clock.systemUTC()).sign(store, key);
            var index = (com.fasterxml.jackson.databind.node.ObjectNode) OciDocuments.parse(Files.readAllBytes(dir.resolve("index.json")), "index");
            var manifests = index.withArray("manifests");
            for (int i = 0; i < 10_000; i++) {
                manifests.addObject().put("mediaType", OciDocuments.OCI_MANIFEST).put("size", 2)
                        .put("digest", "sha256:" + String.format("%064x", i));
            }
            Files.write(dir.resolve("index.json"), OciDocuments.write(index));
            VerificationReport report = new SignatureVerifier().verify(store, key.publicKey());
            assertThat(report.checks()).filteredOn(c -> c.kind().equals("bundle")).singleElement().satisfies(c -> {
                assertThat(c.verified()).isFalse();
                assertThat(c.reason()).isEqualTo(source + ": index.json lists more than " + AttestLimits.MAX_REFERRERS + " untagged manifests");
            });
            // cosign's signature is still checked on its own
            assertThat(report.checks()).filteredOn(c -> c.kind().equals("cosign")).singleElement()
                    .satisfies(c -> assertThat(c.verified()).isTrue());
        }
    }

    @Test
    void sourcesWithoutASignatureStoreAreRefused() {
        assertThatThrownBy(() -> store("fs:/")).isInstanceOf(WardenException.class).hasMessageContaining("cannot sign or verify");
        assertThatThrownBy(() -> store("oci-dir://" + work.resolve("absent"))).isInstanceOf(WardenException.class)
                .hasMessageContaining("not an OCI image layout");
    }
}
