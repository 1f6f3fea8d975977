package dev.warden.image.registry;

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
}
