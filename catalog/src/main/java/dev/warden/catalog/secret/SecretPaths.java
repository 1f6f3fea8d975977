package dev.warden.catalog.secret;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which files secret scanning skips, and which count as config files. Skipped: what package managers install
 * as data (documentation, man pages, locales, headers), their own databases and caches, test fixtures of
 * test suites (which ship sample keys on purpose), lock files full of hashes, and files that are binary or
 * compressed by their name. Like Trivy's built-in allow rules; the list is in docs/secrets.md.
 */
public final class SecretPaths {
    private SecretPaths() {}

    /** Folders whose whole content is skipped (prefixes of absolute paths). */
    static final List<String> SKIPPED_PREFIXES = List.of(
            "/usr/share/",          // package data: docs, man/info pages, locales, zoneinfo, distro Perl and Python modules
            "/usr/include/",        // C headers
            "/var/lib/dpkg/", "/var/lib/apt/", "/var/cache/apt/", "/var/cache/debconf/",
            "/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/var/lib/dnf/", "/var/lib/yum/", "/var/cache/dnf/", "/var/cache/yum/",
            "/lib/apk/db/", "/var/cache/apk/",
            "/etc/ssl/certs/", "/etc/pki/ca-trust/", "/etc/ca-certificates/"); // public CA certificates

    /**
     * Folders skipped wherever they are: installed dependencies, VCS objects, and test suites with their fixtures
     * (installed libraries ship real keys for their tests: google-auth's tests/data, requests' tests/certs).
     */
    static final List<String> SKIPPED_SEGMENTS = List.of("/node_modules/", "/.git/", "/go/pkg/mod/", "/test/", "/tests/",
            "/testdata/", "/test_data/");

    /** Go's toolchain sources: their tests (crypto/tls, crypto/x509) hold keys in *_test.go files beside the code. */
    static final Pattern GO_TOOLCHAIN = Pattern.compile("^/usr/(?:local/go|lib/go(?:-[0-9.]+)?)/(?:src|test)/");

    /** Lock files: thousands of integrity hashes, and a dependency's name is not a secret. */
    static final Set<String> SKIPPED_NAMES = Set.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
            "go.sum", "pipfile.lock", "poetry.lock", "gemfile.lock", "cargo.lock", "composer.lock", "uv.lock");

    /** Binary or compressed by their name (the NUL test would catch most, after reading 8 KiB), and Markdown docs. */
    static final Set<String> SKIPPED_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "ico", "svg", "webp", "bmp", "pdf",
            "woff", "woff2", "ttf", "otf", "eot", "mo", "gz", "tgz", "xz", "bz2", "zst", "lz4", "zip", "jar", "war", "ear",
            "whl", "egg", "deb", "rpm", "so", "a", "o", "pyc", "pyo", "class", "bin", "db", "sqlite", "mp3", "mp4", "md");

    /** Extensions of config files, where the generic password rule runs. */
    static final Set<String> CONFIG_EXTENSIONS = Set.of("env", "ini", "cfg", "conf", "cnf", "properties", "yaml", "yml",
            "toml", "json", "xml", "config");

    /** Names of credential and config files without such an extension. */
    static final Set<String> CONFIG_NAMES = Set.of(".env", ".npmrc", ".pypirc", ".netrc", ".pgpass", ".git-credentials",
            "credentials", "config", ".dockercfg", ".htpasswd");

    /** Whether scanning skips {@code path} (absolute, normalised). */
    public static boolean skipped(String path) {
        for (String prefix : SKIPPED_PREFIXES) {
            if (path.startsWith(prefix)) return true;
        }
        for (String segment : SKIPPED_SEGMENTS) {
            if (path.contains(segment)) return true;
        }
        if (path.contains("go") && GO_TOOLCHAIN.matcher(path).find()) return true;
        String name = name(path);
        return SKIPPED_NAMES.contains(name) || SKIPPED_EXTENSIONS.contains(extension(name));
    }

    /** Config-like: {@code .env}, {@code .env.production}, {@code app.yaml}, {@code ~/.aws/credentials}... */
    public static boolean isConfigFile(String path) {
        String name = name(path);
        return CONFIG_NAMES.contains(name) || name.startsWith(".env.") || CONFIG_EXTENSIONS.contains(extension(name));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }
}
