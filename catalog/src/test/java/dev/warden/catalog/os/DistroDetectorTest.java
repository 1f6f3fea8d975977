package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Distro;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistroDetectorTest {

    private static Distro detect(Map<String, String> files) {
        return DistroDetector.fromReleaseFiles(files);
    }

    @Test
    void debianOsRelease() {
        Distro d = detect(Map.of(DistroDetector.ETC_OS_RELEASE, """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """));
        assertThat(d).isEqualTo(new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"));
    }

    @Test
    void distrolessOsReleaseWithoutCodenameStillIsBookworm() {
        Distro d = detect(Map.of(DistroDetector.ETC_OS_RELEASE, """
                PRETTY_NAME="Distroless"
                NAME="Debian GNU/Linux"
                ID="debian"
                VERSION_ID="12"
                HOME_URL="https://github.com/GoogleContainerTools/distroless"
                """));
        assertThat(d.codename()).isEqualTo("bookworm");
        assertThat(d.versionId()).isEqualTo("12");
    }

    @Test
    void debianVersionAloneGivesNumberAndCodename() {
        assertThat(detect(Map.of(DistroDetector.DEBIAN_VERSION, "11.9\n"))).isEqualTo(new Distro("debian", "11", "bullseye", null));
        assertThat(detect(Map.of(DistroDetector.DEBIAN_VERSION, "trixie/sid\n"))).isEqualTo(new Distro("debian", null, "trixie", null));
        assertThat(detect(Map.of(DistroDetector.DEBIAN_VERSION, "99999999999999999999\n")).codename()).isNull();
    }

    @Test
    void ubuntuUsesItsOwnCodename() {
        Distro d = detect(Map.of(DistroDetector.USR_OS_RELEASE, "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nVERSION_CODENAME=jammy\nUBUNTU_CODENAME=jammy\n"));
        assertThat(d.id()).isEqualTo("ubuntu");
        assertThat(d.versionId()).isEqualTo("22.04");
        assertThat(d.codename()).isEqualTo("jammy");
        assertThat(OsPackages.distroQualifier(d)).isEqualTo("ubuntu-22.04");
    }

    @Test
    void alpineAndRedHatReleaseFiles() {
        assertThat(detect(Map.of(DistroDetector.ALPINE_RELEASE, "3.19.1\n"))).isEqualTo(new Distro("alpine", "3.19.1", null, null));
        Distro rhel = detect(Map.of(DistroDetector.REDHAT_RELEASE, "Red Hat Enterprise Linux release 8.9 (Ootpa)\n"));
        assertThat(rhel.id()).isEqualTo("rhel");
        assertThat(rhel.versionId()).isEqualTo("8.9");
        assertThat(rhel.codename()).isEqualTo("Ootpa");
        assertThat(detect(Map.of(DistroDetector.REDHAT_RELEASE, "CentOS Linux release 7.9.2009 (Core)")).id()).isEqualTo("centos");
    }

    @Test
    void osReleaseQuotingAndNothingAtAll() {
        assertThat(DistroDetector.parseOsRelease("# c\nA=\"x \\\"y\\\"\"\nB='z'\n=bad\nC=plain\n"))
                .containsEntry("A", "x \"y\"").containsEntry("B", "z").containsEntry("C", "plain").hasSize(3);
        assertThat(detect(Map.of())).isNull();
    }
}
