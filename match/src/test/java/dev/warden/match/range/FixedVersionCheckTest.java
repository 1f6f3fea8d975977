package dev.warden.match.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import dev.warden.match.version.VersionSchemes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Debian tracker / Alpine secdb rule, with the version shapes Debian really ships. */
class FixedVersionCheckTest {

    private static final VersionScheme DEB = VersionSchemes.require("deb");

    @ParameterizedTest(name = "{0} fixed in {1} -> {2}")
    @CsvSource({
        // binNMU of the vulnerable upload is still vulnerable; a binNMU of the fix is fixed
        "2.36.1-8+b1, 2.36.1-8+deb12u1, true",
        "2.36.1-8+deb12u1+b1, 2.36.1-8+deb12u1, false",
        // epochs outrank everything after them
        "1:1.2.13.dfsg-1, 1:1.2.13.dfsg-1+deb12u1, true",
        "1:1.0-1, 2.0-1, false",
        "2.0-1, 1:1.0-1, true",
        // ~ sorts before the release it precedes: backports and release candidates
        "1.0~rc1-1, 1.0-1, true",
        "1.0-1~bpo11+1, 1.0-1, true",
        "3.0.11-1~deb12u2, 3.0.11-1~deb12u2, false",
        // tracker: fixed_version 0 = never affected in this release
        "7.88.1-10+deb12u5, 0, false",
    })
    void debianTracker(String installed, String fixed, boolean affected) {
        assertThat(FixedVersionCheck.affected(DEB, installed, fixed)).isEqualTo(affected);
    }

    @Test
    void noFixYetMeansAffected() {
        assertThat(FixedVersionCheck.affected(DEB, "1.0-1", null)).isTrue();
        assertThat(FixedVersionCheck.affected(DEB, "1.0-1", " ")).isTrue();
    }

    @Test
    void alpineSecdb() {
        VersionScheme apk = VersionSchemes.require("apk");
        assertThat(FixedVersionCheck.affected(apk, "1.1.1k-r0", "1.1.1l-r0")).isTrue();
        assertThat(FixedVersionCheck.affected(apk, "1.1.1l-r0", "1.1.1l-r0")).isFalse();
        assertThat(FixedVersionCheck.affected(apk, "3.0.8-r0", "3.0.8_rc1-r0")).isFalse();
        assertThat(FixedVersionCheck.affected(apk, "1.36.1-r2", "0")).isFalse();
    }

    @Test
    void invalidVersionsAreReported() {
        assertThatThrownBy(() -> FixedVersionCheck.affected(DEB, ":1", "1.0"))
                .isInstanceOf(InvalidVersionException.class).hasMessageContaining("':1'");
        assertThatThrownBy(() -> FixedVersionCheck.affected(DEB, "1.0", "1.0-"))
                .isInstanceOf(InvalidVersionException.class);
    }
}
