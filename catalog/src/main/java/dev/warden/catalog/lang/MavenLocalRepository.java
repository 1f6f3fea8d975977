package dev.warden.catalog.lang;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Maven local repository on this machine ({@code ~/.m2/repository} or {@code -Dmaven.repo.local}), read for the
 * POMs of parents, imported BOMs and dependencies that a source tree's {@code pom.xml} files name: what {@code mvn}
 * itself would use offline. Nothing is ever fetched. Coordinates come from scanned files, so each part must be a plain
 * name (no '/', no "..") and the file must be a regular file, not a link, inside the repository.
 */
public record MavenLocalRepository(Path root) {
    /** Characters Maven allows in groupId, artifactId and version; anything else cannot name a file here. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.+\\-]{1,200}");

    /** The repository Maven would use: {@code maven.repo.local} when set, else {@code ~/.m2/repository}. */
    public static MavenLocalRepository ofUser() {
        String configured = System.getProperty("maven.repo.local");
        return new MavenLocalRepository(configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    public boolean exists() {
        return root != null && Files.isDirectory(root);
    }

    /** The POM of groupId:artifactId:version, when the repository holds it. */
    Optional<byte[]> pom(String groupId, String artifactId, String version) throws IOException {
        if (!exists() || !plain(groupId) || !plain(artifactId) || !plain(version)) {
            return Optional.empty();
        }
        Path file = root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + ".pom").normalize();
        if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(Bounded.readAll(in, LangLimits.MAX_METADATA_BYTES, file.toString()));
        }
    }

    private static boolean plain(String part) {
        return part != null && PART.matcher(part).matches() && !part.equals("..") && !part.equals(".");
    }
}
