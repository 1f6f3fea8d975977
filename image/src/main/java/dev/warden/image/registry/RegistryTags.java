package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.ManifestImages;
import dev.warden.image.SourceOptions;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tags of a repository in a registry, with the same credentials and transport as pulling. */
public final class RegistryTags {
    /** Enough for any real repository's recent history; Docker Hub's busiest keep thousands. */
    public static final int DEFAULT_MAX_TAGS = 10_000;
    /** Tags asked for per page of the tag list (registries may cap it lower; the pages are followed either way). */
    public static final int DEFAULT_TAGS_PER_PAGE = RegistryLimits.TAGS_PER_PAGE;

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
            return fetch(client, tag.tag(), options);
        }
    }

    private static Resolved fetch(RegistryClient client, String tag, SourceOptions options) throws IOException {
        RegistryClient.Manifest manifest = client.manifest(tag, null, -1, options.limits().maxManifestBytes());
        if (!manifest.isIndex()) {
            return new Resolved(manifest.digest(), manifest.digest());
        }
        String where = client.reference().registry() + "/" + client.reference().repository() + ":" + tag + " (index " + manifest.digest() + ")";
        ManifestImages.ManifestDescriptor chosen = ManifestImages.selectPlatform(manifest.content(), options.platform(), where);
        return new Resolved(manifest.digest(), BlobDigest.require(chosen.digest(), where));
    }

    /** A session over the repository {@code repository} names (its tag or digest is ignored); close it when done. */
    public static Session open(RegistryReference repository, SourceOptions options, RetryPolicy retry) {
        RegistryReference bare = new RegistryReference(repository.registry(), repository.repository(), null, null);
        return new Session(RegistryClient.create(bare, options, retry, Clock.systemUTC()), options);
    }

    /**
     * One repository's tags and where they point, through one client (one token for many tags, not one per tag).
     * A tag is resolved with a {@code HEAD} of its manifest first: when the registry's digest for it is one this
     * session already knows (given by {@link #remember} from an earlier run, or resolved earlier in this one), the
     * manifest is not downloaded again. Registries that do not answer HEAD with a digest get a GET, as before.
     * Not thread-safe: one run's listing uses it from one thread.
     */
    public static final class Session implements Closeable {
        private final RegistryClient client;
        private final SourceOptions options;
        /** A tag's digest (an index or a manifest) -> the manifest of the options' platform. */
        private final Map<String, String> platformOf = new HashMap<>();
        private int heads;
        private int manifestsFetched;

        private Session(RegistryClient client, SourceOptions options) {
            this.client = client;
            this.options = options;
        }

        /** Tags of the repository, following the registry's pages of {@code pageSize}, at most {@code maxTags}. */
        public List<String> tags(int maxTags, int pageSize) throws IOException {
            return client.tags(maxTags, pageSize);
        }

        /** Tells the session that {@code digest} (what a tag named) was found to mean {@code platformDigest}. */
        public void remember(String digest, String platformDigest) {
            platformOf.put(digest, platformDigest);
        }

        /** Where {@code tag} points now: a HEAD, and a GET of the manifest only when its digest is not known. */
        public Resolved resolve(String tag) throws IOException {
            heads++;
            String digest = client.headDigest(tag);
            String platform = digest == null ? null : platformOf.get(digest);
            if (platform != null) {
                return new Resolved(digest, platform);
            }
            manifestsFetched++;
            Resolved resolved = fetch(client, tag, options);
            remember(resolved.digest(), resolved.platformDigest());
            return resolved;
        }

        /** HEAD requests made by {@link #resolve}. */
        public int heads() {
            return heads;
        }

        /** Manifests downloaded by {@link #resolve}: the tags whose digest was new, or whose registry gave none on HEAD. */
        public int manifestsFetched() {
            return manifestsFetched;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
