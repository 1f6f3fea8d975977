package dev.warden.catalog.sbom;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import java.util.List;
import java.util.Map;

/**
 * A realistic SBOM of a Debian 12 image with a Spring Boot application: OS packages with source
 * packages, a fat jar with a nested jar and a shaded copy inside it, npm and PyPI packages, and
 * every kind of licence (SPDX id, compound expression, several ids, free text, none).
 */
final class SbomFixtures {
    static final String BASE_LAYER = "sha256:1f1d1c0ba3b8ea0ea9d4f5fd0f9e2d9c1f2e4d6b8a0c2e4f6a8b0c2d4e6f8a0b";
    static final String APP_LAYER = "sha256:2a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748";

    private SbomFixtures() {}

    static Sbom debianWithApp() {
        ImageInfo image = new ImageInfo("registry.example.com/shop/app:1.4.2",
                "sha256:9b2c1f4e8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3",
                "sha256:0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb",
                new Platform("linux", "amd64", null), ImageInfo.ImageConfig.EMPTY,
                List.of(new LayerInfo("sha256:aa11", BASE_LAYER, "application/vnd.oci.image.layer.v1.tar+gzip", 29_000_000, 5_000),
                        new LayerInfo("sha256:bb22", APP_LAYER, "application/vnd.oci.image.layer.v1.tar+gzip", 41_000_000, 700)),
                Map.of());
        Distro distro = new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)");
        List<Package> packages = List.of(
                deb("libssl3", "3.0.15-1~deb12u1", new SourcePackage("openssl", "3.0.15-1~deb12u1"), List.of("Apache-2.0")),
                deb("openssl", "3.0.15-1~deb12u1", null, List.of("Apache-2.0", "LicenseRef-Debian-custom")),
                deb("libc6", "2.36-9+deb12u9", new SourcePackage("glibc", null),
                        List.of("GPL-2.0-or-later", "LGPL-2.1-or-later", "public-domain")),
                // as a root filesystem (fs://) reports it: no layer
                new Package("pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12", "deb", "debian", "tzdata",
                        "2024a-0+deb12u1", "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12", List.of(),
                        List.of(new Location("/var/lib/dpkg/status", "")), null, "dpkg", null, Map.of()),
                new Package("pkg:maven/com.example/shop@1.4.2", "maven", "com.example", "shop", "1.4.2",
                        "pkg:maven/com.example/shop@1.4.2", List.of("Apache-2.0"),
                        List.of(new Location("/app/shop.jar", APP_LAYER)), null, "java-archive", null,
                        Map.of("warden:sha1", "3f786850e387550fdab836ed7e6dc881de23001b", "warden:identity", "pom.properties")),
                new Package("pkg:maven/org.springframework/spring-core@6.1.14", "maven", "org.springframework", "spring-core", "6.1.14",
                        "pkg:maven/org.springframework/spring-core@6.1.14", List.of("Apache-2.0"),
                        List.of(new Location("/app/shop.jar!/BOOT-INF/lib/spring-core-6.1.14.jar", APP_LAYER)), null,
                        "java-archive", "pkg:maven/com.example/shop@1.4.2",
                        Map.of("warden:sha1", "89e4e2c5e4fbd1b6b4ef8c6f8a1d0d1c2b3a4f5e")),
                new Package("pkg:maven/org.ow2.asm/asm@9.7", "maven", "org.ow2.asm", "asm", "9.7",
                        "pkg:maven/org.ow2.asm/asm@9.7", List.of("BSD-3-Clause"),
                        List.of(new Location("/app/shop.jar!/BOOT-INF/lib/spring-core-6.1.14.jar!/META-INF/maven/org.ow2.asm/asm/pom.properties", APP_LAYER)),
                        null, "java-archive", "pkg:maven/org.springframework/spring-core@6.1.14", Map.of("warden:nested", "shaded")),
                new Package("pkg:npm/%40babel/core@7.26.0", "npm", "@babel", "core", "7.26.0", "pkg:npm/%40babel/core@7.26.0",
                        List.of("MIT"), List.of(new Location("/srv/web/node_modules/@babel/core/package.json", APP_LAYER)),
                        null, "npm", null, Map.of()),
                new Package("pkg:npm/rimraf@2.7.1", "npm", null, "rimraf", "2.7.1", "pkg:npm/rimraf@2.7.1",
                        List.of("(MIT OR Apache-2.0)"), List.of(new Location("/srv/web/node_modules/rimraf/package.json", APP_LAYER)),
                        null, "npm", null, Map.of()),
                new Package("pkg:pypi/typing-extensions@4.12.2", "pypi", null, "typing-extensions", "4.12.2",
                        "pkg:pypi/typing-extensions@4.12.2", List.of("Python Software Foundation License"),
                        List.of(new Location("/usr/lib/python3/dist-packages/typing_extensions-4.12.2.dist-info/METADATA", APP_LAYER)),
                        null, "python", null, Map.of()),
                new Package("pkg:golang/github.com/opencontainers/umoci@v0.4.7", "golang", "github.com/opencontainers", "umoci", "v0.4.7",
                        "pkg:golang/github.com/opencontainers/umoci@v0.4.7", List.of("GPL-2.0-only WITH Classpath-exception-2.0"),
                        List.of(new Location("/usr/bin/umoci", APP_LAYER)), null, "go-binary", null, Map.of()));
        return new Sbom(image, distro, packages, List.of("/broken.jar: not a zip archive"));
    }

    private static Package deb(String name, String version, SourcePackage source, List<String> licenses) {
        String purl = "pkg:deb/debian/" + name + "@" + version.replace("+", "%2B") + "?arch=amd64&distro=debian-12";
        return new Package(purl, "deb", "debian", name, version, purl, licenses,
                List.of(new Location("/var/lib/dpkg/status", BASE_LAYER)), source, "dpkg", null,
                Map.of("warden:arch", "amd64"));
    }
}
