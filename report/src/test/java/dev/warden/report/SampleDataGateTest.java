package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate refuses sample data that concerns the image, and only that (the reports name every sample ecosystem). */
class SampleDataGateTest {
    private static ScanResult scan(List<Package> packages, boolean sample, List<String> sampleEcosystems) {
        return scan(packages, sample, sampleEcosystems, Map.of("osv", 1L, "snapshot-debian", 2L));
    }

    private static ScanResult scan(List<Package> packages, boolean sample, List<String> sampleEcosystems, Map<String, Long> feeds) {
        ScanResult demo = SampleScans.mixed();
        return new ScanResult(new dev.warden.core.Sbom(demo.sbom().image(), demo.sbom().distro(), packages, List.of()), List.of(),
                new ScanResult.DatabaseInfo("/db", Instant.parse("2026-12-01T00:00:00Z"), feeds, null, sample,
                        Duration.ofDays(7), sampleEcosystems), Instant.parse("2026-12-01T00:00:00Z"), List.of());
    }

    private static final Package DEBIAN_TAR = SampleScans.deb("tar", "1.34+dfsg-1.2", "tar", "1.34+dfsg-1.2");
    /** {@code p} as the package of {@code purl} ({@code pkg:TYPE/NAMESPACE/NAME@VERSION}): type, namespace and purl agree. */
    private static Package purl(Package p, String purl) {
        String[] parts = purl.substring("pkg:".length()).split("[/@]");
        return p.withCoordinates(parts[0], parts[1], parts[2], parts[3], purl);
    }

    private static final Package GO_MODULE = SampleScans.go("golang.org/x/net", "v0.1.0", "/usr/bin/app");

    @Test
    void aDebianImageGatesOnTheSitesOwnDebianDataWhileOtherEcosystemsAreStillTheSample() {
        assertThatCode(() -> SampleDataGate.check(false, scan(List.of(DEBIAN_TAR), true, List.of("Alpine", "Maven", "Ubuntu"))))
                .doesNotThrowAnyException();
    }

    @Test
    void sampleDataOfAnEcosystemTheImageHasIsRefusedAndNamed() {
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(DEBIAN_TAR, GO_MODULE), true, List.of("Alpine", "Go"))))
                .isInstanceOf(WardenException.class).hasMessageContaining("only the sample shipped with Warden for Go,")
                .hasMessageNotContaining("Alpine");
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(DEBIAN_TAR), true, List.of("Debian"))))
                .hasMessageContaining("for Debian");
        assertThatCode(() -> SampleDataGate.check(true, scan(List.of(DEBIAN_TAR), true, List.of("Debian")))).doesNotThrowAnyException();
    }

    @Test
    void aDatabaseThatIsOnlyTheShippedSnapshotIsRefusedWhateverTheImageHolds() {
        // the snapshot's whole PyPA and Go databases are as old as the release: a fresh install has not chosen its data
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(GO_MODULE), true, List.of("Debian", "Maven"),
                Map.of("snapshot-go", 10L, "snapshot-debian", 2L)))).hasMessageContaining("for Debian, Maven");
    }

    @Test
    void whenInDoubtTheGateRefuses() {
        // sample without knowing which ecosystems (a judgement stored before they were kept)
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(DEBIAN_TAR), true, List.of())))
                .hasMessageContaining("the sample shipped with Warden,");
        // a deb of a distro no ecosystem names could be any deb ecosystem's
        Package unknownDistro = purl(DEBIAN_TAR, "pkg:deb/madeup/tar@1.0");
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(unknownDistro), true, List.of("Debian"))))
                .isInstanceOf(WardenException.class);
        // an Ubuntu deb is not Debian's business, Ubuntu's is
        Package ubuntu = purl(DEBIAN_TAR, "pkg:deb/ubuntu/tar@1.34");
        assertThatCode(() -> SampleDataGate.check(false, scan(List.of(ubuntu), true, List.of("Debian")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> SampleDataGate.check(false, scan(List.of(ubuntu), true, List.of("Ubuntu")))).isInstanceOf(WardenException.class);
        assertThat(SampleDataGate.concerns("Rocky Linux", scan(List.of(purl(DEBIAN_TAR, "pkg:rpm/rocky/bash@5")), true, List.of())))
                .isTrue();
    }
}
