package dev.warden.image.registry;

import dev.warden.image.AttestationFinder;
import java.io.IOException;

/**
 * Finds the attestations a registry keeps for one image manifest: BuildKit attestation manifests in the image index
 * it came from, OCI referrers (the API, else the {@code sha256-HEX} tag schema when the API answers 404), and
 * cosign's {@code sha256-HEX.att} tag. Every manifest read is verified against its digest and bounded in size.
 */
final class RegistryAttestations {
    private RegistryAttestations() {}

    /** {@code index}: the image index the manifest was chosen from, or null when the reference named the manifest. */
    static AttestationFinder.Found find(RegistryClient client, RegistryClient.Manifest index, String imageDigest) {
        String where = client.reference().registry() + "/" + client.reference().repository();
        long max = AttestationFinder.MAX_ATTESTATION_MANIFEST_BYTES;
        AttestationFinder finder = new AttestationFinder();
        AttestationFinder.ManifestReader reader = (digest, size) -> client.manifest(digest, digest, size, max).content();
        if (index != null) {
            String at = where + "@" + index.digest();
            finder.attempt(at, () -> finder.fromIndex(index.content(), imageDigest, reader, at));
        }
        String tag = "sha256-" + BlobDigest.hex(imageDigest);
        finder.attempt(where + " referrers of " + imageDigest, () -> {
            byte[] referrers = client.referrers(imageDigest, max);
            if (referrers != null) {
                finder.fromReferrers(referrers, reader, "referrers", where + " referrers of " + imageDigest);
                return;
            }
            RegistryClient.Manifest tagged = client.manifestIfPresent(tag, max);
            if (tagged != null) {
                finder.fromReferrers(tagged.content(), reader, "referrers-tag", where + ":" + tag);
            }
        });
        finder.attempt(where + ":" + tag + ".att", () -> {
            RegistryClient.Manifest att = client.manifestIfPresent(tag + ".att", max);
            if (att != null) {
                finder.fromManifest(att.content(), "cosign", where + ":" + tag + ".att");
            }
        });
        return finder.result();
    }
}
