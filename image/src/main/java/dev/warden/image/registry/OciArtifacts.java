package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;

/**
 * Pulls one file published as an OCI artifact (an image manifest whose layer of a known media type is the file, as
 * ORAS pushes them): Trivy's Java index at {@code ghcr.io/aquasecurity/trivy-java-db:1}, for instance. Same client,
 * credentials, retries and digest checks as image pulls.
 */
public final class OciArtifacts {
    /** An artifact manifest is a few hundred bytes; an image index of them a few KB. */
    static final long MAX_MANIFEST_BYTES = 4L << 20;
    private static final int COPY_BUFFER_BYTES = 64 << 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciArtifacts() {}

    /** What was pulled: where the artifact was found and the layer's verified digest. */
    public record Pulled(String reference, String manifestDigest, String layerDigest, long size) {}

    /**
     * Downloads the layer of {@code mediaType} of the artifact at {@code reference} ({@code host/repo:tag} or
     * {@code @digest}) to {@code target} (written whole or not at all), refusing more than {@code maxBytes}.
     */
    public static Pulled pullLayer(String reference, String mediaType, SourceOptions options, Path target, long maxBytes)
            throws IOException {
        RegistryReference ref = RegistryReference.parse(reference);
        try (RegistryClient client = RegistryClient.create(ref, options, RetryPolicy.DEFAULT.withEnvironment(System.getenv()),
                Clock.systemUTC())) {
            RegistryClient.Manifest manifest = client.manifest(ref.manifestReference(), ref.digest(), -1, MAX_MANIFEST_BYTES);
            if (manifest.isIndex()) {
                throw new WardenException(reference + ": an index of manifests, not one artifact; name the artifact's manifest");
            }
            JsonNode layer = null;
            for (JsonNode l : JSON.readTree(manifest.content()).path("layers")) {
                if (mediaType.equals(l.path("mediaType").asText())) {
                    layer = l;
                    break;
                }
            }
            if (layer == null) {
                throw new WardenException(reference + ": the artifact has no layer of media type " + mediaType);
            }
            String digest = BlobDigest.require(layer.path("digest").asText(""), reference + ": layer digest");
            long size = layer.path("size").asLong(-1);
            if (size > maxBytes) {
                throw new WardenException(reference + ": layer of " + size + " bytes is larger than the limit of " + maxBytes);
            }
            long limit = size >= 0 ? size : maxBytes;
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try {
                long count = copy(client.blob(digest), digest, partial, limit, reference);
                if (size >= 0 && count != size) {
                    throw new WardenException(reference + ": layer is " + count + " bytes, its descriptor says " + size);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                return new Pulled(reference, manifest.digest(), digest, count);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static long copy(HttpResponse<InputStream> response, String digest, Path partial, long limit, String what) throws IOException {
        MessageDigest hash = BlobDigest.hasher(digest);
        long count = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0;) {
                count += n;
                if (count > limit) {
                    throw new WardenException(what + ": layer larger than " + limit + " bytes");
                }
                hash.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        String actual = BlobDigest.of(BlobDigest.algorithm(digest), hash.digest());
        if (!actual.equals(digest)) {
            throw new WardenException(what + ": layer does not match its digest " + digest + " (it hashes to " + actual + ")");
        }
        return count;
    }
}
