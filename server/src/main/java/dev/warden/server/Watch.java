package dev.warden.server;

import java.time.Instant;

/**
 * A watched repository: where it is, which tags to take, when to run and where its credentials are (a reference).
 *
 * @param registry    host[:port], as Warden's registry references name it ({@code docker.io} for Docker Hub)
 * @param repository  the repository path in that registry ({@code library/debian} on Docker Hub)
 * @param credentials a {@link CredentialRef} as text, null for anonymous
 * @param insecure    plain HTTP allowed to this registry (loopback registries always may)
 */
public record Watch(String id, String name, String registry, String repository, String tagPattern, String schedule,
                    String credentials, boolean insecure, boolean enabled, Instant createdAt, String createdBy, Instant updatedAt) {

    /** The repository as stored images name it, e.g. {@code registry.example.com/shop/app}. */
    public String imageRepository() {
        return registry + "/" + repository;
    }

    public CronSchedule cron() {
        return CronSchedule.parse(schedule);
    }

    public TagPattern pattern() {
        return TagPattern.parse(tagPattern);
    }

    public CredentialRef credentialRef() {
        return CredentialRef.parse(credentials);
    }
}
