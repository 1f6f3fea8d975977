package dev.warden.core.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcosystemsAndNamesTest {

    @Test
    void releaseSuffixesOfRealOsvEcosystems() {
        assertThat(Ecosystems.base("Debian:12")).isEqualTo("Debian");
        assertThat(Ecosystems.release("Debian:12")).isEqualTo("12");
        assertThat(Ecosystems.release("Alpine:v3.19")).isEqualTo("v3.19");
        assertThat(Ecosystems.release("Ubuntu:22.04:LTS")).isEqualTo("22.04");
        assertThat(Ecosystems.release("Ubuntu:Pro:16.04:LTS")).isEqualTo("16.04");
        assertThat(Ecosystems.release("AlmaLinux:8")).isEqualTo("8");
        assertThat(Ecosystems.release("Go")).isNull();
        assertThat(Ecosystems.purlType("Rocky Linux:9")).isEqualTo("rpm");
        assertThat(Ecosystems.purlType("crates.io")).isEqualTo("cargo");
        assertThat(Ecosystems.purlType("Packagist")).isEqualTo("composer");
        assertThat(Ecosystems.purlType("NoSuch")).isNull();
        assertThat(Ecosystems.isPurlType("deb")).isTrue();
        assertThat(Ecosystems.isPurlType("Debian")).isFalse();
        assertThat(Ecosystems.isOsEcosystem("Wolfi")).isTrue();
        assertThat(Ecosystems.isOsEcosystem("PyPI")).isFalse();
    }

    @Test
    void namesAreNormalisedTheSameFromEitherSide() {
        assertThat(PackageNames.normalise("PyPI", "Django_Rest.Framework")).isEqualTo("django-rest-framework");
        assertThat(PackageNames.normalise("pypi", "zope.interface")).isEqualTo("zope-interface");
        assertThat(PackageNames.normalise("maven", "org.apache.logging.log4j/log4j-core"))
                .isEqualTo(PackageNames.normalise("Maven", "org.apache.logging.log4j:log4j-core"));
        assertThat(PackageNames.normalise("npm", "@Angular/Core")).isEqualTo("@Angular/Core");
        assertThat(PackageNames.normalise("Go", "github.com/BurntSushi/toml")).isEqualTo("github.com/BurntSushi/toml");
        assertThat(PackageNames.normalise("Debian:12", " OpenSSL ")).isEqualTo("openssl");
    }

    @Test
    void affectedPackageListsFixedVersionsInOrder() {
        AffectedPackage p = new AffectedPackage("Go", "golang", "stdlib", List.of(new Range(Range.RangeType.SEMVER, null, List.of(
                new Range.Event(Range.EventKind.INTRODUCED, "0"), new Range.Event(Range.EventKind.FIXED, "1.20.1"),
                new Range.Event(Range.EventKind.INTRODUCED, "1.21.0"), new Range.Event(Range.EventKind.FIXED, "1.21.2")))),
                List.of(), AffectedStatus.FIXED, null, Map.of());
        assertThat(p.fixedVersions()).containsExactly("1.20.1", "1.21.2");
        assertThat(p.baseEcosystem()).isEqualTo("Go");
        assertThat(AffectedStatus.fromId("will_not_fix")).isEqualTo(AffectedStatus.WILL_NOT_FIX);
        assertThat(AffectedStatus.FIX_DEFERRED.id()).isEqualTo("fix_deferred");
    }
}
