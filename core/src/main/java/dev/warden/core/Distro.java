package dev.warden.core;

/**
 * The operating system of an image. {@code id} follows os-release ID (debian, ubuntu, alpine, rhel...),
 * {@code versionId} os-release VERSION_ID ("12", "3.19.1"), {@code codename} e.g. bookworm.
 */
public record Distro(String id, String versionId, String codename, String prettyName) {}
