package dev.warden.catalog.sbom;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import java.util.List;
import java.util.Map;

/** What {@link SbomWriter#prepare} writes: made when asked, on the preparing thread, never at class initialisation. */
final class PrepareSample {
    private PrepareSample() {}

    static Sbom sbom() {
        return new Sbom(
                new ImageInfo("oci-dir:///prepare:latest", "sha256:" + "0".repeat(64), "sha256:" + "1".repeat(64),
                        new ImageInfo.Platform("linux", "amd64", null), ImageInfo.ImageConfig.EMPTY, List.of(), Map.of()),
                new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"),
                List.of(new Package("deb-zlib1g", "deb", "debian", "zlib1g", "1:1.2.13.dfsg-1",
                                "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", List.of("Zlib", "GPL-2.0-or-later"),
                                List.of(new Location("/var/lib/dpkg/status", "")), new SourcePackage("zlib", "1:1.2.13.dfsg-1"), "dpkg",
                                null, Map.of(PackageProperties.ARCH, "amd64")),
                        new Package("jar-example", "maven", "org.example", "example", "1.0",
                                "pkg:maven/org.example/example@1.0", List.of("Apache-2.0 OR MIT"),
                                List.of(new Location("/opt/app.jar", "")), null, "java-archive", "deb-zlib1g", Map.of())),
                List.of());
    }
}
