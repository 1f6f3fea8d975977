package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Small Debian 12 images whose packages the shipped advisory snapshot has advisories for (sope CVE-2025-53603, fixed
 * in 5.8.0-1+deb12u1; chromium CVE-2022-0456, fixed in 98.0.4758.80-1), and one whose package names are hostile.
 */
final class TestImages {
    static final String LAYER = "sha256:1f1d1c0ba3b8ea0ea9d4f5fd0f9e2d9c1f2e4d6b8a0c2e4f6a8b0c2d4e6f8a0b";

    private TestImages() {}

    static Sbom debian(String digestHex, String sopeVersion, String extraName) {
        // an image with a config (its digest) that names no user, so it runs as root: the non-root policy has data
        ImageInfo image = new ImageInfo("registry.example.com/shop/app:1.0", "sha256:" + digestHex, "sha256:" + "c".repeat(64),
                new ImageInfo.Platform("linux", "amd64", null), ImageInfo.ImageConfig.EMPTY,
                List.of(new ImageInfo.LayerInfo("sha256:aa11", LAYER, "application/vnd.oci.image.layer.v1.tar+gzip", 29_000_000, 5_000)),
                Map.of());
        Distro distro = new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)");
        List<Package> packages = new java.util.ArrayList<>(List.of(
                deb("libsope1", sopeVersion, new SourcePackage("sope", sopeVersion)),
                deb("chromium", "97.0.4692.99-1", new SourcePackage("chromium", "97.0.4692.99-1"))));
        if (extraName != null) {
            packages.add(deb(extraName, "1.0-1", null));
        }
        return new Sbom(image, distro, packages, List.of());
    }

    static Package deb(String name, String version, SourcePackage source) {
        String purl = "pkg:deb/debian/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "@" + version.replace("+", "%2B") + "?arch=amd64&distro=debian-12";
        return new Package(purl, "deb", "debian", name, version, purl, List.of("GPL-2.0-only"),
                List.of(new Location("/var/lib/dpkg/status", LAYER)), source, "dpkg", null, Map.of());
    }

    /** The body {@code warden push} sends. */
    static byte[] pushBody(Sbom sbom, String repository, List<String> tags, ObjectMapper json) throws IOException {
        return dev.warden.server.client.PushBody.write(sbom, PolicyEngine.Context.OFFLINE, repository, tags, json);
    }
}
