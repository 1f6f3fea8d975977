package dev.warden.image;

/**
 * One entry of an image's final filesystem.
 *
 * @param path        absolute, normalised ("/usr/lib/os-release"), never containing "." or ".."
 * @param kind        what the entry is
 * @param size        bytes of content for regular files, else 0
 * @param mode        permission bits (e.g. 0755), 0 when unknown
 * @param linkTarget  symlink or hardlink target as written in the image, else null
 * @param layerDiffId diff_id of the layer that wrote the final version of this entry ("" for fs://)
 * @param layerIndex  index of that layer, 0 = base; 0 for fs://
 */
public record FileEntry(String path, Kind kind, long size, int mode, String linkTarget, String layerDiffId, int layerIndex) {
    public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public boolean isFile() {
        return kind == Kind.FILE || kind == Kind.HARDLINK;
    }

    public boolean isExecutable() {
        return isFile() && (mode & 0111) != 0;
    }

    /** The last path element. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1);
    }
}
