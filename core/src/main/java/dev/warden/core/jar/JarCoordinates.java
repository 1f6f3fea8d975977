package dev.warden.core.jar;

/** A Maven artifact's groupId, artifactId and version: what a jar is, once known. */
public record JarCoordinates(String groupId, String artifactId, String version) {
    public JarCoordinates {
        if (groupId == null || groupId.isBlank() || artifactId == null || artifactId.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("groupId, artifactId and version are all needed: " + groupId + ":" + artifactId + ":" + version);
        }
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version;
    }
}
