package dev.warden.catalog.config;

import dev.warden.catalog.secret.ConfigSecrets;
import dev.warden.core.ConfigurationFacts;
import dev.warden.core.ConfigurationFacts.ModeFile;
import dev.warden.core.ConfigurationFacts.PackageCache;
import dev.warden.core.ImageInfo;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts the configuration checks judge, from the index of the image's final filesystem (one walk over the
 * entries already read; no file's content) and from its config: setuid/setgid files, world-writable files and
 * folders outside the temporary folders, package managers' caches left behind, and secrets in the environment and
 * labels.
 */
public final class ConfigurationScan {

    /** Files listed per kind; the rest are counted. A distro ships about a dozen set-id programs; hundreds is a finding in itself. */
    static final int MAX_LISTED_FILES = 100;

    /** Cache folders listed (home folders multiply them); more is a finding already. */
    static final int MAX_LISTED_CACHES = 50;

    /** Temporary folders: anyone may write there by design (with the sticky bit), and so in what they hold. */
    static final List<String> TEMPORARY_FOLDERS = List.of("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock");

    /**
     * Where package managers keep downloads and indexes; group 1 is the cache's folder. Official images' Dockerfiles
     * remove these in the layer that made them ({@code rm -rf /var/lib/apt/lists/*}, {@code apk add --no-cache},
     * {@code pip install --no-cache-dir}, {@code npm cache clean}, {@code yum clean all}).
     */
    private static final List<Location> CACHES = List.of(
            new Location("apt", "^(/var/lib/apt/lists)/"),
            new Location("apt", "^(/var/cache/apt)/"),
            new Location("apk", "^(/var/cache/apk)/"),
            new Location("apk", "^(/etc/apk/cache)/"),
            new Location("pip", "^(/root/\\.cache/pip|/home/[^/]+/\\.cache/pip)/"),
            new Location("npm", "^(/root/\\.npm/_cacache|/home/[^/]+/\\.npm/_cacache)/"),
            new Location("yarn", "^(/usr/local/share/\\.cache/yarn|/root/\\.cache/yarn|/home/[^/]+/\\.cache/yarn)/"),
            new Location("yum", "^(/var/cache/yum)/"),
            new Location("dnf", "^(/var/cache/dnf)/"),
            new Location("zypper", "^(/var/cache/zypp)/"));

    private record Location(String manager, Pattern pattern) {
        Location(String manager, String regex) {
            this(manager, Pattern.compile(regex));
        }
    }

    private final ConfigSecrets configSecrets;

    public ConfigurationScan(ConfigSecrets configSecrets) {
        this.configSecrets = configSecrets;
    }

    public ConfigurationFacts of(ImageInfo image, FileSystemView files) {
        var setId = new ArrayList<ModeFile>();
        var writable = new ArrayList<ModeFile>();
        int setIdTotal = 0;
        int writableTotal = 0;
        Map<String, long[]> caches = new LinkedHashMap<>();
        Map<String, String> managers = new LinkedHashMap<>();
        for (FileEntry e : files.entries()) {
            boolean directory = e.kind() == FileEntry.Kind.DIRECTORY;
            if (!e.isFile() && !directory) continue; // symlinks show 0777 and grant nothing; device nodes are the kernel's
            // a set-id folder only makes new files inherit its group: no privilege
            if (e.isFile() && (e.mode() & 06000) != 0 && setIdTotal++ < MAX_LISTED_FILES) {
                setId.add(modeFile(e, false));
            }
            // CIS: no world-writable file anywhere; a world-writable folder needs the sticky bit (1777, like /tmp)
            boolean worldWritable = (e.mode() & 0002) != 0 && (e.isFile() || (e.mode() & 01000) == 0);
            if (worldWritable && !temporary(e.path()) && writableTotal++ < MAX_LISTED_FILES) {
                writable.add(modeFile(e, directory));
            }
            if (e.isFile() && e.size() > 0 && !e.name().equals("lock")) {
                cache(e, caches, managers);
            }
        }
        var packageCaches = new ArrayList<PackageCache>();
        caches.forEach((location, counts) -> {
            if (packageCaches.size() < MAX_LISTED_CACHES) {
                packageCaches.add(new PackageCache(managers.get(location), location, (int) counts[0], counts[1]));
            }
        });
        ImageInfo.ImageConfig config = image == null || image.config() == null ? ImageInfo.ImageConfig.EMPTY : image.config();
        return new ConfigurationFacts(true, setId, setIdTotal, writable, writableTotal, packageCaches,
                configSecrets.find(config));
    }

    private static ModeFile modeFile(FileEntry e, boolean directory) {
        return new ModeFile(e.path(), e.mode(), directory, e.layerDiffId());
    }

    static boolean temporary(String path) {
        for (String folder : TEMPORARY_FOLDERS) {
            if (path.equals(folder) || path.startsWith(folder + "/")) return true;
        }
        return false;
    }

    private static void cache(FileEntry e, Map<String, long[]> caches, Map<String, String> managers) {
        String path = e.path();
        if (!(path.startsWith("/var/") || path.startsWith("/root/") || path.startsWith("/home/")
                || path.startsWith("/usr/local/share/") || path.startsWith("/etc/apk/"))) {
            return; // most of an image: no regular expression run
        }
        for (Location location : CACHES) {
            Matcher m = location.pattern().matcher(path);
            if (m.find()) {
                long[] counts = caches.computeIfAbsent(m.group(1), k -> new long[2]);
                counts[0]++;
                counts[1] += e.size();
                managers.putIfAbsent(m.group(1), location.manager());
                return;
            }
        }
    }
}
