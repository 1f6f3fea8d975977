package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Write, read back: the same packages, distro, image and nesting. */
class RoundTripTest {

    @ParameterizedTest
    @EnumSource(value = SbomFormat.class, names = {"CYCLONEDX_JSON", "SPDX_JSON", "JSON"})
    void writtenSbomReadsBackWithTheSamePackages(SbomFormat format) throws IOException {
        Sbom original = SbomFixtures.debianWithApp();
        Sbom read = new SbomReader().read(SbomWritersTest.write(format, original), "roundtrip." + format.cliName());

        assertSamePackages(read, original);
        assertThat(read.distro()).isEqualTo(original.distro());
        assertThat(read.image().reference()).isEqualTo(original.image().reference());
        assertThat(read.image().manifestDigest()).isEqualTo(original.image().manifestDigest());
        assertThat(read.image().platform()).isEqualTo(original.image().platform());
        assertThat(read.image().layers()).extracting(l -> l.diffId())
                .containsExactlyElementsOf(original.image().layers().stream().map(l -> l.diffId()).toList());
    }

    /** Purl, name, version, licences, locations, source, nesting, properties, per package. */
    static void assertSamePackages(Sbom read, Sbom original) {
        assertThat(read.packages()).hasSameSizeAs(original.packages());
        List<Package> a = sorted(read.packages());
        List<Package> b = sorted(original.packages());
        for (int i = 0; i < a.size(); i++) {
            Package got = a.get(i);
            Package want = b.get(i);
            assertThat(got.purl()).isEqualTo(want.purl());
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.type()).as(want.id()).isEqualTo(want.type());
            assertThat(got.namespace()).as(want.id()).isEqualTo(want.namespace());
            assertThat(got.name()).as(want.id()).isEqualTo(want.name());
            assertThat(got.version()).as(want.id()).isEqualTo(want.version());
            assertThat(got.licenses()).as(want.id()).isEqualTo(want.licenses());
            assertThat(got.locations()).as(want.id()).isEqualTo(want.locations());
            assertThat(got.source()).as(want.id()).isEqualTo(want.source());
            assertThat(got.foundBy()).as(want.id()).isEqualTo(want.foundBy());
            assertThat(got.parentId()).as(want.id()).isEqualTo(want.parentId());
            assertThat(got.properties()).as(want.id()).isEqualTo(want.properties());
        }
    }

    private static List<Package> sorted(List<Package> packages) {
        return packages.stream().sorted(Comparator.comparing(Package::id)).toList();
    }
}
