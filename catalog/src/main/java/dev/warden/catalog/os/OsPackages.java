package dev.warden.catalog.os;

import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.util.Collection;
import java.util.Optional;

/** What the OS catalogers share: the purl distro qualifier and layer evidence from owned files. */
final class OsPackages {
    private OsPackages() {}

    /** "debian-12", "ubuntu-22.04", "rhel-9.4"; the codename when there is no version (sid); null without distro. */
    static String distroQualifier(Distro distro) {
        if (distro == null || distro.id() == null) {
            return null;
        }
        String version = distro.versionId() != null && !distro.versionId().isEmpty() ? distro.versionId() : distro.codename();
        return version == null || version.isEmpty() ? distro.id() : distro.id() + "-" + version;
    }

    /**
     * Among the files a package owns, the one in the earliest layer: databases like apk's and rpm's
     * are single files rewritten by every layer that installs anything, so the package's own files
     * tell which layer brought it in.
     */
    static Optional<Location> earliestOwnedFile(Collection<String> owned, FileSystemView files) {
        FileEntry best = null;
        for (String path : owned) {
            Optional<FileEntry> entry = files.entry(path);
            if (entry.isPresent() && entry.get().isFile() && (best == null || entry.get().layerIndex() < best.layerIndex())) {
                best = entry.get();
                if (best.layerIndex() == 0) {
                    break;
                }
            }
        }
        return Optional.ofNullable(best).map(e -> new Location(e.path(), e.layerDiffId()));
    }
}
