package dev.warden.core;

import java.util.List;

/**
 * What the configuration checks judge beyond the image config itself, gathered while the image was catalogued: from
 * the index of the final filesystem (mode bits as the layers' tar headers or the root filesystem give them; no file is
 * read for these) and from the config's environment and labels. {@code filesSeen} false means no filesystem was
 * looked at (an SBOM read back): then empty lists prove nothing, and the policies say "no data".
 *
 * @param filesSeen        whether an image's (or root filesystem's) entries were walked
 * @param setIdFiles       regular files with the setuid or setgid bit, at most a limit of them (by path)
 * @param setIdTotal       how many there are in all
 * @param worldWritable    regular files and directories anyone may write, outside the temporary folders
 * @param worldWritableTotal how many there are in all
 * @param packageCaches    package managers' download caches and index lists left in the image
 * @param configSecrets    environment variables and labels that hold a secret, value redacted
 */
public record ConfigurationFacts(boolean filesSeen, List<ModeFile> setIdFiles, int setIdTotal,
                                 List<ModeFile> worldWritable, int worldWritableTotal,
                                 List<PackageCache> packageCaches, List<ConfigSecret> configSecrets) {
    /** Nothing looked at: an SBOM source, or facts pushed by an older client. */
    public static final ConfigurationFacts NOT_SEEN = new ConfigurationFacts(false, List.of(), 0, List.of(), 0, List.of(), List.of());

    public ConfigurationFacts {
        setIdFiles = setIdFiles == null ? List.of() : List.copyOf(setIdFiles);
        worldWritable = worldWritable == null ? List.of() : List.copyOf(worldWritable);
        packageCaches = packageCaches == null ? List.of() : List.copyOf(packageCaches);
        configSecrets = configSecrets == null ? List.of() : List.copyOf(configSecrets);
        setIdTotal = Math.max(setIdTotal, setIdFiles.size());
        worldWritableTotal = Math.max(worldWritableTotal, worldWritable.size());
    }

    /**
     * One file or directory and its permission bits.
     *
     * @param mode        permission bits with setuid (04000), setgid (02000) and sticky (01000)
     * @param layerDiffId the layer that wrote it ("" for a root filesystem)
     */
    public record ModeFile(String path, int mode, boolean directory, String layerDiffId) {}

    /**
     * A package manager's cache left in the image: bytes everyone pulls and no one runs.
     *
     * @param manager  {@code apt}, {@code apk}, {@code pip}, {@code npm}, {@code yarn}, {@code yum}, {@code dnf}, {@code zypper}
     * @param location the folder, absolute in the image
     * @param files    regular files under it (lock files and empty markers not counted)
     * @param bytes    their size
     */
    public record PackageCache(String manager, String location, int files, long bytes) {}

    /**
     * A secret in the config's environment or labels.
     *
     * @param where  {@code ENV} or {@code LABEL}
     * @param name   the variable's or label's name
     * @param reason what gave it away: a rule id of the secret scanner (the value's shape) or {@code secret-name}
     * @param match  the value redacted: its first four characters and {@code *****}
     */
    public record ConfigSecret(String where, String name, String reason, String match) {}
}
