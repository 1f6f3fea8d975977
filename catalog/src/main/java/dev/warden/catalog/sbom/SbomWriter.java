package dev.warden.catalog.sbom;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** Writes an SBOM in one format. The stream is left open. */
public interface SbomWriter {
    void write(Sbom sbom, OutputStream out) throws IOException;

    /**
     * Writes a small SBOM that uses every kind of part (image, distro, a package with its source, licences, locations
     * and a nested one) to nowhere, so that a later {@link #write} in this JVM finds the writer's classes loaded,
     * initialised and partly compiled. For a command that can do it on another thread while the image is read: the
     * CycloneDX library's and Jackson's set-up is a third of a second of a cold {@code warden sbom}. Never fails.
     */
    default void prepare() {
        try {
            write(PREPARE_SAMPLE, OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // only a head start: a real write meets the same problem and reports it
        }
    }

    /** What {@link #prepare} writes. */
    Sbom PREPARE_SAMPLE = new Sbom(
            new ImageInfo("oci-dir:///prepare:latest", "sha256:" + "0".repeat(64), "sha256:" + "1".repeat(64),
                    new ImageInfo.Platform("linux", "amd64", null), ImageInfo.ImageConfig.EMPTY, List.of(), Map.of()),
            new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"),
            List.of(new Package("deb-zlib1g", "deb", "debian", "zlib1g", "1:1.2.13.dfsg-1",
                            "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", List.of("Zlib", "GPL-2.0-or-later"),
                            List.of(new Location("/var/lib/dpkg/status", "")), new SourcePackage("zlib", "1:1.2.13.dfsg-1"), "dpkg",
                            null, Map.of("warden:arch", "amd64")),
                    new Package("jar-example", "maven", "org.example", "example", "1.0",
                            "pkg:maven/org.example/example@1.0", List.of("Apache-2.0 OR MIT"),
                            List.of(new Location("/opt/app.jar", "")), null, "java-archive", "deb-zlib1g", Map.of())),
            List.of());
}
