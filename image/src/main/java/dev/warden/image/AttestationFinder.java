package dev.warden.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.ImageInfo.Attestation;
import dev.warden.core.ImageInfo.AttestationState;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the in-toto attestations stored beside one image manifest, from wherever the source keeps them: BuildKit
 * attestation manifests in the image index, OCI referrers (API, tag schema, or subjects in an OCI layout), and
 * cosign's {@code .att} tag. Only manifests are read here, never the statements themselves: the predicate type is in
 * the layer annotations. A place that cannot be read gives one warning and makes the result
 * {@link AttestationState#UNREADABLE}: absence can then no longer be proven, but the scan goes on.
 */
public final class AttestationFinder {
    /** BuildKit writes one attestation manifest per platform, cosign one tag; more than this for one image is hostile. */
    public static final int MAX_ATTESTATION_MANIFESTS = 64;
    /** BuildKit puts 2-3 statements in one manifest (SBOMs, provenance); more than this is not an attestation manifest. */
    public static final int MAX_STATEMENTS_PER_MANIFEST = 64;
    /** Attestation manifests and referrers lists are a few KiB of descriptors; 1 MiB is far past any real one. */
    public static final long MAX_ATTESTATION_MANIFEST_BYTES = 1L << 20;
    /**
     * A statement is read only for provenance (the base image): BuildKit's mode=max provenance with a long Dockerfile
     * is ~100 KiB, so 16 MiB is generous and still keeps a hostile blob out of memory.
     */
    public static final long MAX_STATEMENT_BYTES = 16L << 20;

    /** BuildKit's attestation-storage annotations on an index entry. */
    public static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
    public static final String ATTESTATION_MANIFEST = "attestation-manifest";
    /** Layer annotations naming a statement's predicate: in-toto's (BuildKit, ORAS) and cosign's. */
    public static final String PREDICATE_TYPE = "in-toto.io/predicate-type";
    public static final String COSIGN_PREDICATE_TYPE = "predicateType";
    public static final String IN_TOTO_STATEMENT = "application/vnd.in-toto+json";
    public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
    /** Artifact types of plain SBOM documents attached as referrers (oras attach), named by the predicate they stand for. */
    static final Map<String, String> SBOM_ARTIFACT_TYPES = Map.of(
            "application/spdx+json", "https://spdx.dev/Document",
            "application/vnd.cyclonedx+json", "https://cyclonedx.org/bom");
    static final Set<String> MANIFEST_TYPES = ManifestImages.MANIFEST_TYPES;

    /** Reads a manifest by digest, verified against it and at most {@link #MAX_ATTESTATION_MANIFEST_BYTES}. */
    @FunctionalInterface
    public interface ManifestReader {
        byte[] read(String digest, long size) throws IOException;
    }

    /** Something that reads one place. */
    @FunctionalInterface
    public interface Place {
        void read() throws IOException;
    }

    /** What was found, whether it can be trusted to be complete, and the warnings of places that could not be read. */
    public record Found(List<Attestation> attestations, AttestationState state, List<String> warnings) {
        public static final Found NOT_CARRIED = new Found(List.of(), AttestationState.NOT_CARRIED, List.of());
    }

    private final Map<String, Attestation> found = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int manifestsRead;

    /** Reads one place; a failure there is one warning naming {@code where}, and the result becomes unreadable. */
    public void attempt(String where, Place place) {
        try {
            place.read();
        } catch (IOException | UncheckedIOException | WardenException e) {
            warnings.add(where + ": attestations unreadable, their absence is not judged: " + e.getMessage());
        }
    }

    public Found result() {
        return new Found(List.copyOf(found.values()), warnings.isEmpty() ? AttestationState.SEARCHED : AttestationState.UNREADABLE,
                List.copyOf(warnings));
    }

    /** BuildKit: entries of an image index annotated as the attestation manifest of {@code imageDigest}. */
    public void fromIndex(byte[] indexJson, String imageDigest, ManifestReader reader, String where) throws IOException {
        JsonNode index = ManifestImages.parse(indexJson, where);
        for (JsonNode entry : index.path("manifests")) {
            JsonNode annotations = entry.path("annotations");
            if (ATTESTATION_MANIFEST.equals(annotations.path(REFERENCE_TYPE).asText(null))
                    && imageDigest.equals(annotations.path(REFERENCE_DIGEST).asText(null))) {
                readManifest(entry, reader, ATTESTATION_MANIFEST, where);
            }
        }
    }

    /**
     * Referrers: each descriptor of a referrers list (the API's answer, the tag schema's index) names a manifest whose
     * subject is the image; {@code foundBy} says which way the list came.
     */
    public void fromReferrers(byte[] referrersJson, ManifestReader reader, String foundBy, String where) throws IOException {
        JsonNode list = ManifestImages.parse(referrersJson, where);
        for (JsonNode entry : list.path("manifests")) {
            readManifest(entry, reader, foundBy, where);
        }
    }

    /**
     * An OCI layout: manifests listed in index.json whose {@code subject} is {@code imageDigest} (how oras stores
     * referrers in a layout). Only entries that can be referrers are read: manifests other than the image that carry
     * an {@code artifactType} or no tag; a tagged image is an image, and a layout of many tags costs nothing.
     */
    public void fromLayoutSubjects(byte[] layoutIndexJson, String imageDigest, ManifestReader reader, String where) throws IOException {
        JsonNode index = ManifestImages.parse(layoutIndexJson, where);
        for (JsonNode entry : index.path("manifests")) {
            String digest = entry.path("digest").asText("");
            boolean tagged = entry.path("annotations").has(OciLayouts.REF_NAME);
            if (digest.equals(imageDigest) || !MANIFEST_TYPES.contains(entry.path("mediaType").asText(""))
                    || (tagged && !entry.has("artifactType"))) {
                continue;
            }
            byte[] json = read(entry, reader, where);
            JsonNode manifest = ManifestImages.parse(json, where + ": manifest " + digest);
            if (imageDigest.equals(manifest.path("subject").path("digest").asText(null))) {
                fromManifest(manifest, "layout-subject", where + ": manifest " + digest);
            }
        }
    }

    /** A manifest whose layers are statements (in-toto or DSSE); layers without a predicate type (signatures) are skipped. */
    public void fromManifest(byte[] manifestJson, String foundBy, String where) {
        fromManifest(ManifestImages.parse(manifestJson, where), foundBy, where);
    }

    private void readManifest(JsonNode descriptor, ManifestReader reader, String foundBy, String where) throws IOException {
        String digest = Digests.require(descriptor.path("digest").asText(null), where + ": attestation manifest");
        byte[] json = read(descriptor, reader, where);
        fromManifest(ManifestImages.parse(json, where + ": manifest " + digest), foundBy, where + ": manifest " + digest);
    }

    private byte[] read(JsonNode descriptor, ManifestReader reader, String where) throws IOException {
        if (++manifestsRead > MAX_ATTESTATION_MANIFESTS) {
            throw new WardenException(where + ": more than " + MAX_ATTESTATION_MANIFESTS + " attestation manifests");
        }
        String digest = Digests.require(descriptor.path("digest").asText(null), where + ": manifest descriptor");
        long size = descriptor.path("size").asLong(-1);
        if (size > MAX_ATTESTATION_MANIFEST_BYTES) {
            throw new WardenException(where + ": manifest " + digest + " of " + size + " bytes, larger than the limit of "
                    + MAX_ATTESTATION_MANIFEST_BYTES);
        }
        byte[] json = reader.read(digest, size);
        if (json == null) {
            throw new WardenException(where + ": manifest " + digest + " is missing");
        }
        return json;
    }

    private void fromManifest(JsonNode manifest, String foundBy, String where) {
        JsonNode layers = manifest.path("layers");
        if (!layers.isArray()) {
            throw new WardenException(where + ": not an attestation manifest (no layers array)");
        }
        if (layers.size() > MAX_STATEMENTS_PER_MANIFEST) {
            throw new WardenException(where + ": " + layers.size() + " layers, more than the limit of " + MAX_STATEMENTS_PER_MANIFEST);
        }
        String artifactType = manifest.path("artifactType").asText(manifest.path("config").path("mediaType").asText(""));
        for (JsonNode layer : layers) {
            String mediaType = layer.path("mediaType").asText("");
            JsonNode annotations = layer.path("annotations");
            String predicate = annotations.path(PREDICATE_TYPE).asText(annotations.path(COSIGN_PREDICATE_TYPE).asText(""));
            if (predicate.isEmpty()) {
                predicate = SBOM_ARTIFACT_TYPES.getOrDefault(mediaType, SBOM_ARTIFACT_TYPES.getOrDefault(artifactType, ""));
            }
            if (predicate.isEmpty()) {
                continue; // a signature, a cosign simplesigning payload: not an attestation
            }
            String digest = Digests.require(layer.path("digest").asText(null), where + ": statement");
            found.putIfAbsent(digest, new Attestation(Digests.abbreviate(predicate), digest, Digests.abbreviate(mediaType), foundBy));
        }
    }
}
