package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apk's installed database in its real format (the layout apk-tools writes: C checksum, P name, V
 * version, A arch, S/I sizes, T description, U url, L licence, o origin, m maintainer, t build time,
 * c commit, D/p dependencies and provides, F folder, R file, a/M modes, Z file checksum). No apk
 * tool exists on Debian, so the fixture is written here.
 */
class ApkCatalogerTest {
    static final String INSTALLED = """
            C:Q1zDeVx6Mxs0hJZhkBUfk9zBfrf4c=
            P:musl
            V:1.2.4_git20230717-r4
            A:x86_64
            S:407278
            I:667648
            T:the musl c library (libc) implementation
            U:https://musl.libc.org/
            L:MIT
            o:musl
            m:Natanael Copa <ncopa@alpinelinux.org>
            t:1700475306
            c:f93af038c3de7146121c2ea8124ba5ce29b4b058
            p:so:libc.musl-x86_64.so.1=1
            F:lib
            R:ld-musl-x86_64.so.1
            a:0:0:755
            Z:Q1KtWBV8rRMnzz1S/pT0bSxbNLHbU=
            R:libc.musl-x86_64.so.1
            a:0:0:777
            Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

            C:Q1pYEuRZt1MwRN8rR3y2gRs8iU0Wo=
            P:libcrypto3
            V:3.1.4-r1
            A:x86_64
            S:1780145
            I:4399104
            T:Crypto library from openssl
            U:https://www.openssl.org/
            L:Apache-2.0
            o:openssl
            m:Ariadne Conill <ariadne@dereferenced.org>
            t:1699289563
            c:0ae8d4db7adcbe5d6d4ea8ae2e2a4d7be6c7c3d5
            D:so:libc.musl-x86_64.so.1
            F:lib
            R:libcrypto.so.3
            a:0:0:755
            Z:Q1bB4tyypBjdl9kgq1JhhpRzdYFUM=
            F:usr
            F:usr/lib
            R:libcrypto.so.3
            a:0:0:777
            Z:Q1Abb4SYvQp8DAV5JSG1WEc5rkCPY=

            C:Q1lYxbA2MGLr1pDx3mvq2jT4nt4o4=
            P:py3-foo
            V:2.0-r0
            A:noarch
            L:GPL2+ LGPL2+
            o:foo
            F:usr/lib/python3.11/site-packages/foo-2.0.dist-info
            R:METADATA
            """;

    private static Path root(Path dir) throws Exception {
        Path root = dir.resolve("root");
        for (String file : List.of("lib/apk/db/installed", "lib/ld-musl-x86_64.so.1", "lib/libcrypto.so.3", "usr/lib/libcrypto.so.3",
                "usr/lib/python3.11/site-packages/foo-2.0.dist-info/METADATA", "etc/os-release", "etc/alpine-release")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "x");
        }
        Files.writeString(root.resolve("lib/apk/db/installed"), INSTALLED);
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
        Files.writeString(root.resolve("etc/alpine-release"), "3.19.1\n");
        return root;
    }

    @Test
    void readsEveryPackageWithOriginArchLicenseAndFiles(@TempDir Path dir) throws Exception {
        Sbom sbom = OsFixtures.scan(root(dir), dir);
        assertThat(sbom.distro().id()).isEqualTo("alpine");
        assertThat(sbom.warnings()).isEmpty();
        List<Package> apks = ofType(sbom, "apk");
        assertThat(apks).extracting(Package::purl).containsExactly(
                "pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&distro=3.19.1",
                "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1",
                "pkg:apk/alpine/py3-foo@2.0-r0?arch=noarch&distro=3.19.1");
        Package crypto = apks.get(0);
        assertThat(crypto.source().name()).isEqualTo("openssl");
        assertThat(crypto.source().version()).isEqualTo("3.1.4-r1");
        assertThat(crypto.licenses()).containsExactly("Apache-2.0");
        assertThat(crypto.properties()).containsEntry("apk:commit", "0ae8d4db7adcbe5d6d4ea8ae2e2a4d7be6c7c3d5");
        assertThat(crypto.locations()).extracting(Location::path).containsExactly("/lib/libcrypto.so.3", "/lib/apk/db/installed");
        assertThat(apks.get(2).licenses()).containsExactly("GPL-2.0-or-later", "LGPL-2.0-or-later");
    }

    @Test
    void languagePackagesInFilesAnApkOwnsAreAttributedToIt(@TempDir Path dir) throws Exception {
        Path root = root(dir);
        try (ImageSource source = ImageSources.open("fs://" + root, SourceOptions.defaults(dir.resolve("cache")))) {
            Sbom sbom = new Catalog(List.of(new ApkCataloger(),
                    new OsFixtures.OneFileCataloger("/usr/lib/python3.11/site-packages/foo-2.0.dist-info/METADATA")), dir)
                    .run(source.info(), source.files());
            Package foo = ofType(sbom, "pypi").get(0);
            assertThat(foo.properties()).containsEntry(PackageProperties.OWNED_BY, "pkg:apk/alpine/py3-foo@2.0-r0?arch=noarch&distro=3.19.1");
        }
    }
}
