package dev.warden.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * One tar entry of a layer, checked and reduced to what building the final filesystem needs: it can be replayed
 * from the layer cache without reading the layer again.
 *
 * @param ordinal  position in the tar, from 0 (stable for a given diff_id)
 * @param path     normalised absolute path ("/etc/passwd")
 * @param tarName  the name as written in the tar, for messages
 * @param linkName symlink or hardlink target as written, else null
 * @param linkPath a hardlink's target normalised like {@code path}, else null
 */
record LayerEntry(int ordinal, String path, String tarName, Type type, long size, int mode, String linkName, String linkPath) {
    enum Type { DIRECTORY, SYMLINK, HARDLINK, FILE, OTHER }

    /** Validates a tar entry (paths, link lengths) through {@code reader}, which names the layer in refusals. */
    static LayerEntry of(LayerReader reader, LayerReader.Entry e) {
        TarArchiveEntry tar = e.tar();
        int mode = tar.getMode() & 07777;
        if (tar.isDirectory()) {
            return new LayerEntry(e.ordinal(), e.path(), tar.getName(), Type.DIRECTORY, 0, mode, null, null);
        }
        if (tar.isSymbolicLink()) {
            reader.checkLength(tar.getLinkName(), "symlink target of " + e.path());
            return new LayerEntry(e.ordinal(), e.path(), tar.getName(), Type.SYMLINK, 0, mode, tar.getLinkName(), null);
        }
        if (tar.isLink()) {
            String target = reader.normalize(tar.getLinkName(), "hardlink target of " + e.path());
            return new LayerEntry(e.ordinal(), e.path(), tar.getName(), Type.HARDLINK, 0, mode, tar.getLinkName(), target);
        }
        if (tar.isFile() && !tar.isCharacterDevice() && !tar.isBlockDevice() && !tar.isFIFO()) {
            // (commons-compress calls every non-directory without a link flag a "file", devices included)
            return new LayerEntry(e.ordinal(), e.path(), tar.getName(), Type.FILE, tar.getSize(), mode, null, null);
        }
        return new LayerEntry(e.ordinal(), e.path(), tar.getName(), Type.OTHER, 0, mode, null, null);
    }
}
