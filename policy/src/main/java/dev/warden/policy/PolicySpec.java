package dev.warden.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.warden.core.finding.SeverityLevel;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One enabled policy with its parameters, as the policy file writes it ({@code type:} picks the record). Absent
 * parameters take Docker Scout's defaults; {@code id}, {@code name} and {@code weight} are optional on every type.
 * The compact constructors check values, so a record that exists is a valid policy.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PolicySpec.Vulnerabilities.class, name = "vulnerabilities"),
        @JsonSubTypes.Type(value = PolicySpec.HighProfile.class, name = "high_profile"),
        @JsonSubTypes.Type(value = PolicySpec.Attestations.class, name = "attestations"),
        @JsonSubTypes.Type(value = PolicySpec.ApprovedBase.class, name = "approved_base"),
        @JsonSubTypes.Type(value = PolicySpec.UpToDateBase.class, name = "up_to_date_base"),
        @JsonSubTypes.Type(value = PolicySpec.NonRoot.class, name = "non_root"),
        @JsonSubTypes.Type(value = PolicySpec.Licenses.class, name = "licenses"),
        @JsonSubTypes.Type(value = PolicySpec.Epss.class, name = "epss"),
        @JsonSubTypes.Type(value = PolicySpec.Secrets.class, name = "secrets"),
        @JsonSubTypes.Type(value = PolicySpec.RemoteCode.class, name = "remote_code"),
        @JsonSubTypes.Type(value = PolicySpec.Healthcheck.class, name = "healthcheck"),
        @JsonSubTypes.Type(value = PolicySpec.SetuidFiles.class, name = "setuid_files"),
        @JsonSubTypes.Type(value = PolicySpec.WorldWritable.class, name = "world_writable"),
        @JsonSubTypes.Type(value = PolicySpec.PrivilegedPorts.class, name = "privileged_ports"),
        @JsonSubTypes.Type(value = PolicySpec.ConfigSecrets.class, name = "config_secrets"),
        @JsonSubTypes.Type(value = PolicySpec.PackageCaches.class, name = "package_caches"),
        @JsonSubTypes.Type(value = PolicySpec.Custom.class, name = "custom"),
})
public sealed interface PolicySpec {

    /** Stable id in results (JSON, compare); derived from the name when the file gives none. */
    String id();

    String name();

    /** Points in the score; never null once the record exists (absent in the file = the type's default). */
    Integer weight();

    /** Scout's curated high-profile list: widely known named vulnerabilities. */
    List<String> CURATED_CVES = List.of("CVE-2014-0160", "CVE-2014-6271", "CVE-2021-44228", "CVE-2024-6387",
            "CVE-2024-3094", "CVE-2023-4911");

    List<String> DEFAULT_DENIED_LICENSES = List.of("AGPL-3.0-only", "AGPL-3.0-or-later", "AGPL-3.0");

    /** Severity-based vulnerabilities (Scout: "No fixable critical or high vulnerabilities"). */
    record Vulnerabilities(String id, String name, Integer weight, List<String> severities, Boolean fixableOnly,
                           Integer minAgeDays, List<String> packageTypes) implements PolicySpec {
        public Vulnerabilities {
            severities = severities == null ? List.of("critical", "high") : List.copyOf(severities);
            severities.forEach(Vulnerabilities::level);
            if (severities.isEmpty()) throw new IllegalArgumentException("severities must name at least one severity");
            fixableOnly = fixableOnly == null || fixableOnly;
            minAgeDays = minAgeDays == null ? 0 : minAgeDays;
            if (minAgeDays < 0) throw new IllegalArgumentException("min_age_days must be 0 or more, got " + minAgeDays);
            packageTypes = packageTypes == null ? List.of() : List.copyOf(packageTypes);
            name = name != null ? name : "No " + (fixableOnly ? "fixable " : "") + String.join(" or ", severities)
                    + " vulnerabilities" + (minAgeDays > 0 ? " older than " + minAgeDays + " days" : "");
            id = idOf(id, name, "no-fixable-critical-high", "No fixable critical or high vulnerabilities");
            weight = checkWeight(weight, 20);
        }

        public Set<SeverityLevel> levels() {
            var levels = EnumSet.noneOf(SeverityLevel.class);
            severities.forEach(s -> levels.add(level(s)));
            return levels;
        }

        /** Only the six ids Warden prints: the file is a contract, aliases like "moderate" would hide typos' cousins. */
        private static SeverityLevel level(String id) {
            return Arrays.stream(SeverityLevel.values()).filter(l -> l.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown severity '" + id + "'; use one of "
                            + Arrays.stream(SeverityLevel.values()).map(SeverityLevel::id).collect(Collectors.joining(", "))));
        }
    }

    /** CISA KEV (when {@code kev}) plus a curated CVE list, matched on a finding's id and aliases. */
    record HighProfile(String id, String name, Integer weight, List<String> cves, Boolean kev) implements PolicySpec {
        public HighProfile {
            cves = cves == null ? CURATED_CVES : List.copyOf(cves);
            kev = kev == null || kev;
            name = name != null ? name : "No high-profile vulnerabilities";
            id = idOf(id, name, "no-high-profile", "No high-profile vulnerabilities");
            weight = checkWeight(weight, 20);
        }
    }

    /**
     * SBOM and provenance attestations present; with {@code trusted_keys} (cosign public key files, relative to the
     * policy file) an attestation counts only when one of those keys signed it.
     */
    record Attestations(String id, String name, Integer weight, List<String> trustedKeys) implements PolicySpec {
        public Attestations {
            trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
            if (trustedKeys.size() > PolicyLimits.MAX_TRUSTED_KEYS) {
                throw new IllegalArgumentException("trusted_keys: more than " + PolicyLimits.MAX_TRUSTED_KEYS + " keys");
            }
            if (trustedKeys.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("trusted_keys: an entry is empty");
            }
            name = name != null ? name : "Supply chain attestations";
            id = idOf(id, name, "supply-chain-attestations", "Supply chain attestations");
            weight = checkWeight(weight, 15);
        }

        public Attestations(String id, String name, Integer weight) {
            this(id, name, weight, List.of());
        }
    }

    /** The base image's name matches one of the glob patterns ({@code *} within a segment, {@code **} across). */
    record ApprovedBase(String id, String name, Integer weight, List<String> patterns) implements PolicySpec {
        /** Docker Official Images: a name without a slash ("debian:12") is one too. */
        public static final List<String> OFFICIAL_IMAGES = List.of("docker.io/library/**", "library/**", "*");

        public ApprovedBase {
            patterns = patterns == null ? OFFICIAL_IMAGES : List.copyOf(patterns);
            if (patterns.isEmpty()) throw new IllegalArgumentException("patterns must list at least one base image pattern");
            name = name != null ? name : "Approved base images";
            id = idOf(id, name, "approved-base-images", "Approved base images");
            weight = checkWeight(weight, 15);
        }
    }

    /** The base digest recorded in the image is the tag's current digest. */
    record UpToDateBase(String id, String name, Integer weight) implements PolicySpec {
        public UpToDateBase {
            name = name != null ? name : "Up-to-date base images";
            id = idOf(id, name, "up-to-date-base-images", "Up-to-date base images");
            weight = checkWeight(weight, 10);
        }
    }

    /** The image's default user is not root. */
    record NonRoot(String id, String name, Integer weight) implements PolicySpec {
        public NonRoot {
            name = name != null ? name : "Default non-root user";
            id = idOf(id, name, "default-non-root", "Default non-root user");
            weight = checkWeight(weight, 5);
        }
    }

    /** No package licence that unavoidably uses a denied licence; packages matching an allowed purl glob are exempt. */
    record Licenses(String id, String name, Integer weight, List<String> deny, List<String> allowPurls) implements PolicySpec {
        public Licenses {
            deny = deny == null ? DEFAULT_DENIED_LICENSES : List.copyOf(deny);
            allowPurls = allowPurls == null ? List.of() : List.copyOf(allowPurls);
            name = name != null ? name : deny.equals(DEFAULT_DENIED_LICENSES) ? "No AGPL v3 licences" : "No denied licences";
            id = idOf(id, name, "no-agpl-v3-licenses", "No AGPL v3 licences");
            weight = checkWeight(weight, 5);
        }
    }

    /** Ours: no finding whose EPSS probability is above {@code max}. Weight 0 by default (not in Scout's score). */
    record Epss(String id, String name, Integer weight, Double max) implements PolicySpec {
        public Epss {
            if (max == null) throw new IllegalArgumentException("max is required (an EPSS probability between 0 and 1)");
            if (max < 0 || max > 1 || max.isNaN()) throw new IllegalArgumentException("max must be between 0 and 1, got " + max);
            name = name != null ? name : "No vulnerabilities with EPSS above " + max;
            id = idOf(id, name, null, null);
            weight = checkWeight(weight, 0);
        }
    }

    /**
     * Ours: no secrets in the image's files (docs/secrets.md), except in files matching an {@code allow_paths} glob or
     * found by a rule in {@code allow_rules}. No data when the files were not scanned (an SBOM). Weight 0 by default.
     */
    record Secrets(String id, String name, Integer weight, List<String> allowPaths, List<String> allowRules) implements PolicySpec {
        public Secrets {
            allowPaths = allowPaths == null ? List.of() : List.copyOf(allowPaths);
            allowRules = allowRules == null ? List.of() : List.copyOf(allowRules);
            if (allowPaths.stream().anyMatch(p -> !p.startsWith("/") && !p.startsWith("**"))) {
                throw new IllegalArgumentException("allow_paths: a glob matches absolute paths in the image, so starts with / or **");
            }
            name = name != null ? name : "No secrets";
            id = idOf(id, name, null, null);
            weight = checkWeight(weight, 0);
        }
    }

    /**
     * Ours: no build step that ran code fetched from the network unchecked ({@code curl ... | sh}, {@code wget -O- ... |
     * bash}) or added a remote URL ({@code ADD https://...}), read from the image's history. No data without a
     * history (a root filesystem, an SBOM). Weight 0 by default: Scout has no such policy.
     */
    record RemoteCode(String id, String name, Integer weight) implements PolicySpec {
        public RemoteCode {
            name = name != null ? name : "No remote code in the build";
            id = idOf(id, name, null, null);
            weight = checkWeight(weight, 0);
        }
    }

    /** Ours (configuration): the config declares a HEALTHCHECK that is not NONE. Weight 0 by default. */
    record Healthcheck(String id, String name, Integer weight) implements PolicySpec {
        public Healthcheck {
            name = name != null ? name : "Health check declared";
            id = idOf(id, name, "healthcheck", "Health check declared");
            weight = checkWeight(weight, 0);
        }
    }

    /** Ours (configuration): no setuid/setgid regular file except under {@code allow_paths} globs. Weight 0 by default. */
    record SetuidFiles(String id, String name, Integer weight, List<String> allowPaths) implements PolicySpec {
        public SetuidFiles {
            allowPaths = absoluteGlobs(allowPaths);
            name = name != null ? name : "No setuid or setgid files";
            id = idOf(id, name, "no-setuid-files", "No setuid or setgid files");
            weight = checkWeight(weight, 0);
        }
    }

    /** Ours (configuration): nothing world-writable outside the temporary folders and {@code allow_paths}. Weight 0 by default. */
    record WorldWritable(String id, String name, Integer weight, List<String> allowPaths) implements PolicySpec {
        public WorldWritable {
            allowPaths = absoluteGlobs(allowPaths);
            name = name != null ? name : "No world-writable files";
            id = idOf(id, name, "no-world-writable-files", "No world-writable files");
            weight = checkWeight(weight, 0);
        }
    }

    /** Ours (configuration): no exposed port below 1024 except {@code allow_ports}. Weight 0 by default. */
    record PrivilegedPorts(String id, String name, Integer weight, List<Integer> allowPorts) implements PolicySpec {
        public PrivilegedPorts {
            allowPorts = allowPorts == null ? List.of() : List.copyOf(allowPorts);
            if (allowPorts.stream().anyMatch(p -> p < 0 || p > 65535)) {
                throw new IllegalArgumentException("allow_ports: a port is between 0 and 65535");
            }
            name = name != null ? name : "No privileged ports exposed";
            id = idOf(id, name, "no-privileged-ports", "No privileged ports exposed");
            weight = checkWeight(weight, 0);
        }
    }

    /** Ours (configuration): no secret in ENV or labels, except those named in {@code allow_names}. Weight 0 by default. */
    record ConfigSecrets(String id, String name, Integer weight, List<String> allowNames) implements PolicySpec {
        public ConfigSecrets {
            allowNames = allowNames == null ? List.of() : List.copyOf(allowNames);
            name = name != null ? name : "No secrets in ENV or labels";
            id = idOf(id, name, "no-secrets-in-config", "No secrets in ENV or labels");
            weight = checkWeight(weight, 0);
        }
    }

    /** The package managers the caches check knows. */
    List<String> PACKAGE_MANAGERS = List.of("apt", "apk", "pip", "npm", "yarn", "yum", "dnf", "zypper");

    /** Ours (configuration): no package manager's cache left behind, except {@code allow_managers}'. Weight 0 by default. */
    record PackageCaches(String id, String name, Integer weight, List<String> allowManagers) implements PolicySpec {
        public PackageCaches {
            allowManagers = allowManagers == null ? List.of() : List.copyOf(allowManagers);
            for (String m : allowManagers) {
                if (!PACKAGE_MANAGERS.contains(m)) {
                    throw new IllegalArgumentException("allow_managers: unknown package manager '" + m + "' (one of "
                            + String.join(", ", PACKAGE_MANAGERS) + ")");
                }
            }
            name = name != null ? name : "No package-manager caches";
            id = idOf(id, name, "no-package-caches", "No package-manager caches");
            weight = checkWeight(weight, 0);
        }
    }

    /** Globs that match absolute paths in the image. */
    private static List<String> absoluteGlobs(List<String> globs) {
        List<String> copy = globs == null ? List.of() : List.copyOf(globs);
        if (copy.stream().anyMatch(p -> !p.startsWith("/") && !p.startsWith("**"))) {
            throw new IllegalArgumentException("allow_paths: a glob matches absolute paths in the image, so starts with / or **");
        }
        return copy;
    }

    /** A CEL expression over the scan model that must be true. Weight 0 by default: it gates, it does not score. */
    record Custom(String id, String name, Integer weight, String rule) implements PolicySpec {
        public Custom {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a custom policy needs a name");
            if (rule == null || rule.isBlank()) throw new IllegalArgumentException("a custom policy needs a rule (a CEL expression)");
            if (rule.length() > PolicyLimits.MAX_RULE_CHARS) {
                throw new IllegalArgumentException("rule is longer than " + PolicyLimits.MAX_RULE_CHARS + " characters");
            }
            id = idOf(id, name, null, null);
            weight = checkWeight(weight, 0);
        }
    }

    /**
     * The default policies keep the ids Warden has always printed; a renamed or new policy gets a slug of its name,
     * so ids stay stable when parameters change.
     */
    private static String idOf(String id, String name, String defaultId, String defaultName) {
        if (id != null) {
            if (!id.matches("[a-z0-9][a-z0-9-]{0,79}")) {
                throw new IllegalArgumentException("id '" + id + "' must be lower-case letters, digits and '-' (at most 80)");
            }
            return id;
        }
        if (defaultId != null && name.equals(defaultName)) return defaultId;
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "policy" : slug.length() > 80 ? slug.substring(0, 80) : slug;
    }

    private static int checkWeight(Integer weight, int scoutDefault) {
        if (weight == null) return scoutDefault;
        if (weight < 0 || weight > PolicyLimits.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be between 0 and " + PolicyLimits.MAX_WEIGHT + ", got " + weight);
        }
        return weight;
    }
}
