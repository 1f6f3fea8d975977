package dev.warden.policy;

import dev.warden.core.ConfigurationFacts;
import dev.warden.core.ConfigurationFacts.ModeFile;
import dev.warden.core.ImageInfo;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration checks: how the image is set up to run, judged from its config and from the facts the catalog
 * gathered from its filesystem's index ({@link ConfigurationFacts}). None is in Docker Scout's score, so each weighs
 * 0 unless the policy file gives it a weight. A source that cannot carry a fact gives no data, never "violated".
 */
public final class ConfigurationPolicies {

    private ConfigurationPolicies() {}

    /** Ports below this need root (or CAP_NET_BIND_SERVICE) to bind: a container that exposes one wants privilege. */
    static final int FIRST_UNPRIVILEGED_PORT = 1024;

    /**
     * The config declares a HEALTHCHECK (and not {@code HEALTHCHECK NONE}). No data without an image config.
     * Docker's config field; the OCI image spec has none, so images built only by OCI tools (umoci, Jib) never pass.
     */
    public static PolicyResult healthcheck(ScanResult scan) {
        String id = "healthcheck";
        String name = "Health check declared";
        if (!configKnown(scan)) return noData(id, name, "healthcheck", CONFIG_MISSING);
        List<String> test = scan.sbom().image().config().healthcheck();
        if (test.isEmpty()) {
            return violated(id, name, "healthcheck", List.of(new PolicyResult.Violation("config",
                    "declares no HEALTHCHECK: the engine cannot tell a hung container from a working one")));
        }
        if (test.get(0).equalsIgnoreCase("NONE")) {
            return violated(id, name, "healthcheck", List.of(new PolicyResult.Violation("config",
                    "HEALTHCHECK NONE turns the inherited health check off")));
        }
        return compliant(id, name, "healthcheck");
    }

    /** No regular file with the setuid or setgid bit, except those matching an {@code allowPaths} glob. */
    public static PolicyResult setIdFiles(ScanResult scan, List<String> allowPaths) {
        String id = "no-setuid-files";
        String name = "No setuid or setgid files";
        ConfigurationFacts facts = scan.sbom().configuration();
        if (!facts.filesSeen()) return noData(id, name, "setuid-files", FILES_MISSING);
        List<Pattern> allowed = allowPaths.stream().map(ImagePolicies::glob).toList();
        var violations = new ArrayList<PolicyResult.Violation>();
        for (ModeFile f : facts.setIdFiles()) {
            if (allowed.stream().anyMatch(p -> p.matcher(f.path()).matches())) continue;
            String bits = (f.mode() & 04000) != 0 && (f.mode() & 02000) != 0 ? "setuid and setgid"
                    : (f.mode() & 04000) != 0 ? "setuid" : "setgid";
            violations.add(new PolicyResult.Violation(f.path(), bits + ", mode " + octal(f.mode()) + layer(f.layerDiffId())));
        }
        notListed(violations, facts.setIdTotal() - facts.setIdFiles().size(), "set-id files");
        return result(id, name, "setuid-files", violations);
    }

    /**
     * No file anyone may write, and no folder anyone may write without the sticky bit (CIS), outside the temporary
     * folders ({@code /tmp}, {@code /var/tmp}, {@code /dev/shm}, {@code /run/lock}, {@code /var/lock}) and the
     * {@code allowPaths} globs.
     */
    public static PolicyResult worldWritable(ScanResult scan, List<String> allowPaths) {
        String id = "no-world-writable-files";
        String name = "No world-writable files";
        ConfigurationFacts facts = scan.sbom().configuration();
        if (!facts.filesSeen()) return noData(id, name, "world-writable", FILES_MISSING);
        List<Pattern> allowed = allowPaths.stream().map(ImagePolicies::glob).toList();
        var violations = new ArrayList<PolicyResult.Violation>();
        for (ModeFile f : facts.worldWritable()) {
            if (allowed.stream().anyMatch(p -> p.matcher(f.path()).matches())) continue;
            violations.add(new PolicyResult.Violation(f.path(), (f.directory() ? "folder without the sticky bit" : "file")
                    + ", mode " + octal(f.mode()) + layer(f.layerDiffId())));
        }
        notListed(violations, facts.worldWritableTotal() - facts.worldWritable().size(), "world-writable entries");
        return result(id, name, "world-writable", violations);
    }

    /** No exposed port below 1024 other than {@code allowPorts}. No data without an image config. */
    public static PolicyResult privilegedPorts(ScanResult scan, Set<Integer> allowPorts) {
        String id = "no-privileged-ports";
        String name = "No privileged ports exposed";
        if (!configKnown(scan)) return noData(id, name, "privileged-ports", CONFIG_MISSING);
        var violations = new ArrayList<PolicyResult.Violation>();
        for (String exposed : scan.sbom().image().config().exposedPorts()) {
            int port = port(exposed);
            if (port >= 0 && port < FIRST_UNPRIVILEGED_PORT && !allowPorts.contains(port)) {
                violations.add(new PolicyResult.Violation(exposed, "port " + port + " is below " + FIRST_UNPRIVILEGED_PORT
                        + ": binding it needs root or CAP_NET_BIND_SERVICE"));
            }
        }
        return result(id, name, "privileged-ports", violations);
    }

    /**
     * No secret in the config's environment or labels (the value redacted in every item), except variables and labels
     * named in {@code allowNames}. No data without an image config, or when the catalog did not look (an SBOM).
     */
    public static PolicyResult configSecrets(ScanResult scan, Set<String> allowNames) {
        String id = "no-secrets-in-config";
        String name = "No secrets in ENV or labels";
        if (!configKnown(scan)) return noData(id, name, "config-secrets", CONFIG_MISSING);
        if (!scan.sbom().configuration().filesSeen()) {
            return noData(id, name, "config-secrets", "the config's environment and labels were not checked (facts from an SBOM or an older client)");
        }
        var violations = new ArrayList<PolicyResult.Violation>();
        for (ConfigurationFacts.ConfigSecret s : scan.sbom().configuration().configSecrets()) {
            if (allowNames.contains(s.name())) continue;
            String why = s.reason().equals("secret-name") ? "its name says it holds a secret"
                    : s.reason().equals("url-password") ? "a URL with a password" : "the value looks like " + s.reason();
            violations.add(new PolicyResult.Violation(s.where() + " " + s.name(), why + ", value " + s.match()
                    + " (anyone who pulls the image reads it)"));
        }
        return result(id, name, "config-secrets", violations);
    }

    /** No package manager's cache (apt lists and archives, apk, pip, npm, yarn, yum, dnf, zypper) left in the image. */
    public static PolicyResult packageCaches(ScanResult scan, Set<String> allowManagers) {
        String id = "no-package-caches";
        String name = "No package-manager caches";
        ConfigurationFacts facts = scan.sbom().configuration();
        if (!facts.filesSeen()) return noData(id, name, "package-caches", FILES_MISSING);
        var violations = new ArrayList<PolicyResult.Violation>();
        for (ConfigurationFacts.PackageCache c : facts.packageCaches()) {
            if (allowManagers.contains(c.manager())) continue;
            violations.add(new PolicyResult.Violation(c.location(), c.manager() + " cache left behind: " + c.files()
                    + (c.files() == 1 ? " file, " : " files, ") + size(c.bytes())));
        }
        return result(id, name, "package-caches", violations);
    }

    private static final String CONFIG_MISSING = "image configuration (SBOMs and root filesystems carry no image config)";
    private static final String FILES_MISSING = "the image's files and their modes (an SBOM source has no files)";

    /**
     * Whether the scan holds the image's real config. Root filesystems and SBOMs read as {@link ImageInfo.ImageConfig#EMPTY};
     * an empty config counts only with a config digest from an image whose files were read (an SBOM read back keeps
     * the digest but not the config).
     */
    static boolean configKnown(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        if (image == null || image.config() == null) return false;
        if (!image.config().equals(ImageInfo.ImageConfig.EMPTY)) return true;
        return image.configDigest() != null && scan.sbom().configuration().filesSeen();
    }

    /** "80/tcp", "53/udp", "8080": the number; -1 for anything else. */
    static int port(String exposed) {
        String number = exposed.contains("/") ? exposed.substring(0, exposed.indexOf('/')) : exposed;
        if (number.isEmpty() || number.length() > 5 || !number.chars().allMatch(Character::isDigit)) return -1;
        int port = Integer.parseInt(number);
        return port <= 65535 ? port : -1;
    }

    private static void notListed(List<PolicyResult.Violation> violations, int more, String what) {
        if (more > 0) violations.add(new PolicyResult.Violation("…", more + " more " + what + " not listed"));
    }

    private static String layer(String diffId) {
        return diffId == null || diffId.isEmpty() ? "" : ", layer " + diffId;
    }

    private static String octal(int mode) {
        return String.format(Locale.ROOT, "%04o", mode & 07777);
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static PolicyResult noData(String id, String name, String type, String missing) {
        return new PolicyResult(id, name, type, PolicyStatus.NO_DATA, List.of(), missing, 0);
    }

    private static PolicyResult compliant(String id, String name, String type) {
        return new PolicyResult(id, name, type, PolicyStatus.COMPLIANT, List.of(), "", 0);
    }

    private static PolicyResult violated(String id, String name, String type, List<PolicyResult.Violation> v) {
        return new PolicyResult(id, name, type, PolicyStatus.VIOLATED, v, "", 0);
    }

    private static PolicyResult result(String id, String name, String type, List<PolicyResult.Violation> v) {
        return v.isEmpty() ? compliant(id, name, type) : violated(id, name, type, v);
    }
}
