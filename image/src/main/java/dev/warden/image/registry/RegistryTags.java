package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.ManifestImages;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** The tags of a repository in a registry, with the same credentials and transport as pulling. */
public final class RegistryTags {
    /** Enough for any real repository's recent history; Docker Hub's busiest keep thousands. */
    public static final int DEFAULT_MAX_TAGS = 10_000;

    private RegistryTags() {}

    /** Tags of the repository {@code reference} names (its tag or digest is ignored), at most {@code maxTags}. */
    public static List<String> list(String reference, SourceOptions options, int maxTags) throws IOException {
        return list(RegistryReference.parse(reference), options, RetryPolicy.DEFAULT.withEnvironment(System.getenv()), maxTags);
    }

    public static List<String> list(RegistryReference reference, SourceOptions options, RetryPolicy retry, int maxTags) throws IOException {
        try (RegistryClient client = RegistryClient.create(reference, options, retry, Clock.systemUTC())) {
            return client.tags(maxTags);
        }
    }

    /**
     * What a tag points to now. {@code digest} is what the tag names (an index or a manifest); {@code platformDigest}
     * the manifest of the options' platform in that index (the same digest when the tag names a manifest).
     */
    public record Resolved(String digest, String platformDigest) {
        /** The tag's digest, then the platform's manifest when it differs. */
        public List<String> digests() {
            return digest.equals(platformDigest) ? List.of(digest) : List.of(digest, platformDigest);
        }
    }

    /** Resolves {@code reference}'s tag (a digest in the reference is ignored: the question is where the tag is now). */
    public static Resolved resolve(RegistryReference reference, SourceOptions options, RetryPolicy retry) throws IOException {
        if (reference.tag() == null) {
            throw new WardenException(reference + ": no tag to resolve");
        }
        RegistryReference tag = new RegistryReference(reference.registry(), reference.repository(), reference.tag(), null);
        try (RegistryClient client = RegistryClient.create(tag, options, retry, Clock.systemUTC())) {
            RegistryClient.Manifest manifest = client.manifest(tag.tag(), null, -1, options.limits().maxManifestBytes());
            if (!manifest.isIndex()) {
                return new Resolved(manifest.digest(), manifest.digest());
            }
            String where = tag + " (index " + manifest.digest() + ")";
            ManifestImages.ManifestDescriptor chosen = ManifestImages.selectPlatform(manifest.content(), options.platform(), where);
            return new Resolved(manifest.digest(), BlobDigest.require(chosen.digest(), where));
        }
    }
}
