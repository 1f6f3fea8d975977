package dev.warden.core.jar;

import java.util.List;
import java.util.Optional;

/**
 * The Maven coordinates a jar's path says, in the two layouts dependency caches use:
 * <ul>
 *   <li>Maven's ({@code ~/.m2/repository}, repository managers' storage, mirrors):
 *       {@code g1/g2/ARTIFACT/VERSION/ARTIFACT-VERSION[-CLASSIFIER].jar}, the groupId's dots as folders;</li>
 *   <li>Gradle's cache ({@code ~/.gradle/caches/modules-2/files-2.1}):
 *       {@code GROUP/ARTIFACT/VERSION/SHA1HEX/ARTIFACT-VERSION[-CLASSIFIER].jar}, the groupId as one folder.</li>
 * </ul>
 * A path that does not follow the layout exactly (the file name must repeat the artifact and version folders) says
 * nothing: no guess is made from a loose "name-version.jar".
 */
public final class RepositoryPaths {
    /** Folder names that start a Maven layout inside an image or a machine (Maven's local repository, mirrors of Central's tree, Debian's /usr/share/maven-repo): below them the path is the coordinates. */
    public static final List<String> MAVEN_ROOTS = List.of("repository", "maven2", "maven-repo");
    public static final String GRADLE_ROOT = "files-2.1";
    /** A groupId deeper than this is not a real one (the deepest on Maven Central has about ten parts). */
    static final int MAX_GROUP_PARTS = 16;

    private RepositoryPaths() {}

    /** The coordinates of {@code relative}, a path below a Maven layout's root ({@code org/x/a/1.0/a-1.0.jar}). */
    public static Optional<JarCoordinates> maven(String relative) {
        String[] parts = split(relative);
        if (parts.length < 4 || parts.length - 3 > MAX_GROUP_PARTS) {
            return Optional.empty();
        }
        String artifact = parts[parts.length - 3];
        String version = parts[parts.length - 2];
        if (!namesArtifact(parts[parts.length - 1], artifact, version)) {
            return Optional.empty();
        }
        String group = String.join(".", java.util.Arrays.copyOf(parts, parts.length - 3));
        return Optional.of(new JarCoordinates(group, artifact, version));
    }

    /** The coordinates of {@code relative}, a path below Gradle's {@code files-2.1} ({@code org.x/a/1.0/HASH/a-1.0.jar}). */
    public static Optional<JarCoordinates> gradle(String relative) {
        String[] parts = split(relative);
        if (parts.length != 5 || !parts[3].matches("[0-9a-f]{1,64}")) {
            return Optional.empty();
        }
        if (!namesArtifact(parts[4], parts[1], parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new JarCoordinates(parts[0], parts[1], parts[2]));
    }

    /**
     * The coordinates of a jar at an absolute path that passes through a layout root ({@link #MAVEN_ROOTS},
     * {@link #GRADLE_ROOT}); the last such root counts.
     */
    public static Optional<JarCoordinates> underRoot(String path) {
        String[] parts = split(path);
        for (int i = parts.length - 2; i >= 0; i--) {
            String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
            if (parts[i].equals(GRADLE_ROOT)) {
                return gradle(rest);
            }
            if (MAVEN_ROOTS.contains(parts[i])) {
                Optional<JarCoordinates> found = maven(rest);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a file name is ARTIFACT-VERSION[-CLASSIFIER].EXT; for a snapshot folder (1.0-SNAPSHOT) also a
     * timestamped ARTIFACT-1.0-20240101.120000-1.jar.
     */
    static boolean namesArtifact(String file, String artifact, String version) {
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || !file.startsWith(artifact + "-")) {
            return false;
        }
        String rest = file.substring(artifact.length() + 1, dot);
        if (rest.equals(version) || rest.startsWith(version + "-")) {
            return true;
        }
        if (version.endsWith("-SNAPSHOT")) {
            String base = version.substring(0, version.length() - "SNAPSHOT".length());
            return rest.startsWith(base) && rest.substring(base.length()).matches("\\d{8}\\.\\d{6}-\\d+(-.+)?");
        }
        return false;
    }

    private static String[] split(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? new String[0] : p.split("/+");
    }
}
