package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConfigurationFacts;
import dev.warden.core.ConfigurationFacts.ConfigSecret;
import dev.warden.core.ConfigurationFacts.ModeFile;
import dev.warden.core.ConfigurationFacts.PackageCache;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration checks over facts as the catalog gives them, and "no data" for sources that cannot carry them. */
class ConfigurationPoliciesTest {

    private static final ConfigurationFacts FACTS = new ConfigurationFacts(true,
            List.of(new ModeFile("/usr/bin/passwd", 04755, false, "sha256:l1"), new ModeFile("/usr/bin/chage", 02755, false, "sha256:l1")), 3,
            List.of(new ModeFile("/srv/shared", 0777, true, "sha256:l2")), 1,
            List.of(new PackageCache("apt", "/var/lib/apt/lists", 4, 50_411_437)),
            List.of(new ConfigSecret("ENV", "DB_PASSWORD", "generic-password", "Xk9q*****")));

    private static ScanResult scan(ImageInfo.ImageConfig config, String configDigest, ConfigurationFacts facts) {
        var image = new ImageInfo("oci-dir:///tmp/app:1", "sha256:abc", configDigest, new ImageInfo.Platform("linux", "amd64", null),
                config, List.of(), Map.of());
        var sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian 12"), List.of(), List.of(), null, facts);
        return new ScanResult(sbom, List.of(), null, TestScans.SCANNED, List.of());
    }

    private static ImageInfo.ImageConfig config(List<String> ports, List<String> healthcheck) {
        return new ImageInfo.ImageConfig("app", List.of("PATH=/usr/bin"), List.of(), List.of(), "", Map.of(), ports,
                "2026-01-01T00:00:00Z", List.of(), healthcheck);
    }

    @Test
    void healthcheckIsDeclaredTurnedOffOrMissing() {
        assertThat(ConfigurationPolicies.healthcheck(scan(config(List.of(), List.of("CMD", "/bin/true")), "sha256:c", FACTS)).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult none = ConfigurationPolicies.healthcheck(scan(config(List.of(), List.of("NONE")), "sha256:c", FACTS));
        assertThat(none.status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(none.violations().get(0).reason()).contains("HEALTHCHECK NONE");
        PolicyResult missing = ConfigurationPolicies.healthcheck(scan(config(List.of(), List.of()), "sha256:c", FACTS));
        assertThat(missing.violations().get(0).reason()).contains("declares no HEALTHCHECK");
    }

    @Test
    void privilegedPortsBelow1024ViolateUnlessAllowed() {
        ScanResult s = scan(config(List.of("80/tcp", "443/tcp", "8080/tcp", "53/udp", "1023", "1024/tcp", "bogus/tcp", "99999/tcp"),
                List.of()), "sha256:c", FACTS);
        assertThat(ConfigurationPolicies.privilegedPorts(s, Set.of()).violations()).extracting(PolicyResult.Violation::item)
                .containsExactly("80/tcp", "443/tcp", "53/udp", "1023");
        assertThat(ConfigurationPolicies.privilegedPorts(s, Set.of(80, 443, 53, 1023)).status()).isEqualTo(PolicyStatus.COMPLIANT);
    }

    @Test
    void fileFactsViolateWithModeAndLayerAndCountWhatIsNotListed() {
        ScanResult s = scan(config(List.of(), List.of()), "sha256:c", FACTS);
        PolicyResult setId = ConfigurationPolicies.setIdFiles(s, List.of());
        assertThat(setId.violations()).extracting(PolicyResult.Violation::item, PolicyResult.Violation::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/usr/bin/passwd", "setuid, mode 4755, layer sha256:l1"),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/chage", "setgid, mode 2755, layer sha256:l1"),
                org.assertj.core.groups.Tuple.tuple("…", "1 more set-id files not listed"));
        assertThat(ConfigurationPolicies.setIdFiles(s, List.of("/usr/bin/*")).violations()).extracting(PolicyResult.Violation::item)
                .containsExactly("…");
        assertThat(ConfigurationPolicies.worldWritable(s, List.of()).violations().get(0).reason())
                .isEqualTo("folder without the sticky bit, mode 0777, layer sha256:l2");
        assertThat(ConfigurationPolicies.worldWritable(s, List.of("/srv/**")).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(ConfigurationPolicies.packageCaches(s, Set.of()).violations().get(0).reason())
                .isEqualTo("apt cache left behind: 4 files, 48.1 MiB");
        assertThat(ConfigurationPolicies.packageCaches(s, Set.of("apt")).status()).isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult secrets = ConfigurationPolicies.configSecrets(s, Set.of());
        assertThat(secrets.violations()).extracting(PolicyResult.Violation::item).containsExactly("ENV DB_PASSWORD");
        assertThat(secrets.violations().get(0).reason()).contains("Xk9q*****");
        assertThat(ConfigurationPolicies.configSecrets(s, Set.of("DB_PASSWORD")).status()).isEqualTo(PolicyStatus.COMPLIANT);
    }

    /** An SBOM read back keeps the config digest but neither the config nor the files: every check is no data. */
    @Test
    void sourcesThatCannotCarryAFactGiveNoDataNeverViolated() {
        ScanResult sbomReadBack = scan(ImageInfo.ImageConfig.EMPTY, "sha256:c", ConfigurationFacts.NOT_SEEN);
        ScanResult rootfs = scan(ImageInfo.ImageConfig.EMPTY, null, FACTS);
        for (ScanResult s : List.of(sbomReadBack, rootfs)) {
            assertThat(ConfigurationPolicies.healthcheck(s).status()).isEqualTo(PolicyStatus.NO_DATA);
            assertThat(ConfigurationPolicies.privilegedPorts(s, Set.of()).status()).isEqualTo(PolicyStatus.NO_DATA);
            assertThat(ConfigurationPolicies.configSecrets(s, Set.of()).status()).isEqualTo(PolicyStatus.NO_DATA);
        }
        for (var result : List.of(ConfigurationPolicies.setIdFiles(sbomReadBack, List.of()),
                ConfigurationPolicies.worldWritable(sbomReadBack, List.of()), ConfigurationPolicies.packageCaches(sbomReadBack, Set.of()))) {
            assertThat(result.status()).isEqualTo(PolicyStatus.NO_DATA);
            assertThat(result.missingData()).contains("SBOM source has no files");
        }
        // a root filesystem has files (and modes) but no config
        assertThat(ConfigurationPolicies.setIdFiles(rootfs, List.of()).status()).isEqualTo(PolicyStatus.VIOLATED);
        // an image whose config really is empty, read from its layers: known (a config that sets nothing)
        assertThat(ConfigurationPolicies.healthcheck(scan(ImageInfo.ImageConfig.EMPTY, "sha256:c", FACTS)).status())
                .isEqualTo(PolicyStatus.VIOLATED);
    }

    @Test
    void thePolicyFileNamesTheTypesTakesTheirParametersAndWeighsThemZero() {
        String yaml = """
                version: 1
                policies:
                  - type: healthcheck
                  - type: setuid_files
                    allow_paths: [/usr/bin/passwd]
                  - type: world_writable
                  - type: privileged_ports
                    allow_ports: [443]
                  - type: config_secrets
                    allow_names: [DB_PASSWORD]
                  - type: package_caches
                    allow_managers: [apk]
                """;
        PolicySet set = PolicyFile.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
        var verdict = new PolicyEngine(set).evaluate(scan(config(List.of("443/tcp", "22/tcp"), List.of()), "sha256:c", FACTS),
                PolicyEngine.Context.OFFLINE);
        assertThat(verdict.results()).extracting(PolicyResult::policyId, PolicyResult::status, PolicyResult::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("healthcheck", PolicyStatus.VIOLATED, 0),
                org.assertj.core.groups.Tuple.tuple("no-setuid-files", PolicyStatus.VIOLATED, 0),
                org.assertj.core.groups.Tuple.tuple("no-world-writable-files", PolicyStatus.VIOLATED, 0),
                org.assertj.core.groups.Tuple.tuple("no-privileged-ports", PolicyStatus.VIOLATED, 0),
                org.assertj.core.groups.Tuple.tuple("no-secrets-in-config", PolicyStatus.COMPLIANT, 0),
                org.assertj.core.groups.Tuple.tuple("no-package-caches", PolicyStatus.VIOLATED, 0));
        assertThat(verdict.results().get(3).violations()).extracting(PolicyResult.Violation::item).containsExactly("22/tcp");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PolicyFile.parse(
                "version: 1\npolicies:\n  - type: package_caches\n    allow_managers: [brew]\n".getBytes(StandardCharsets.UTF_8), "bad.yaml")))
                .hasMessageContaining("unknown package manager 'brew'");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PolicyFile.parse(
                "version: 1\npolicies:\n  - type: setuid_files\n    allow_paths: [usr/bin/su]\n".getBytes(StandardCharsets.UTF_8), "bad.yaml")))
                .hasMessageContaining("starts with / or **");
    }
}
