package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.run;
import static dev.warden.catalog.os.OsFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.image.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg on a real debootstrap root filesystem, against dpkg-query reading the same database. */
@Tag("live") // a debootstrap root against dpkg-query (DpkgQueryFrozenTest is the offline check)
class DpkgCatalogerTest {
    static Path rootfs;
    static Sbom sbom;

    @BeforeAll
    static void scanRootfs(@TempDir Path scratch) throws Exception {
        rootfs = TestImages.debootstrapRootfs();
        sbom = scan(rootfs, scratch);
    }

    private static String query(String format) {
        return run(null, "dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", format);
    }

    @Test
    void packagesAreExactlyWhatDpkgQueryLists() {
        List<String> expected = lines(query("${Package}\t${Version}\n"));
        List<String> actual = lines(String.join("\n", ofType(sbom, "deb").stream().map(p -> p.name() + "\t" + p.version()).toList()));
        assertThat(expected).hasSizeGreaterThan(80);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void sourcePackagesAndArchitecturesAreWhatDpkgQuerySays() {
        List<String> expected = lines(query("${Package}\t${source:Package}\t${source:Version}\t${Architecture}\n"));
        List<String> actual = lines(String.join("\n", ofType(sbom, "deb").stream()
                .map(p -> p.name() + "\t" + p.source().name() + "\t" + p.source().version() + "\t" + arch(p)).toList()));
        assertThat(actual).isEqualTo(expected);
    }

    private static String arch(Package p) {
        return p.purl().replaceAll(".*[?&]arch=([^&]+).*", "$1");
    }

    @Test
    void distroAndPurlsFollowTheSpec() {
        assertThat(sbom.distro().id()).isEqualTo("debian");
        assertThat(sbom.distro().versionId()).isEqualTo("12");
        assertThat(sbom.distro().codename()).isEqualTo("bookworm");
        Package libc = byName().get("libc6");
        assertThat(libc.purl()).isEqualTo("pkg:deb/debian/libc6@" + libc.version().replace("+", "%2B") + "?arch=amd64&distro=debian-12");
        assertThat(libc.source().name()).isEqualTo("glibc");
        assertThat(libc.foundBy()).isEqualTo("dpkg");
    }

    /** The dependency graph (CycloneDX {@code dependencies}) from Pre-Depends and Depends, as dpkg-query reads them. */
    @Test
    void dependsAndPreDependsBecomeEdgesToTheInstalledPackages() {
        Map<String, Package> packages = byName();
        Map<String, String> idToName = packages.values().stream().collect(Collectors.toMap(Package::id, Package::name));
        Function<Package, List<String>> edges = p -> p.properties().getOrDefault(PackageProperties.DEPENDS_ON, "").isBlank() ? List.of()
                : java.util.Arrays.stream(p.properties().get(PackageProperties.DEPENDS_ON).split(" ")).map(idToName::get).toList();
        // bash: Pre-Depends: libc6, libtinfo6; Depends: base-files, debianutils
        assertThat(edges.apply(packages.get("bash"))).containsExactlyInAnyOrder("libc6", "libtinfo6", "base-files", "debianutils");
        Map<String, String> provides = lines(query("${Package}\t${Provides}\n")).stream().map(l -> l.split("\t", -1))
                .collect(Collectors.toMap(f -> f[0], f -> f[1], (a, b) -> a + ", " + b));
        int withDepends = 0;
        for (String line : lines(query("${Package}\t${Pre-Depends}, ${Depends}\n"))) {
            String[] f = line.split("\t", -1);
            String relations = f[1].replaceAll("^[, ]+|[, ]+$", "");
            List<String> got = edges.apply(packages.get(f[0]));
            // every edge is a package the relations name, itself or by what it provides (base-files: awk, which mawk provides)
            assertThat(got).as(f[0]).doesNotContainNull().allSatisfy(target -> assertThat(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of(target),
                            java.util.Arrays.stream(provides.getOrDefault(target, "").split(",")).map(s -> s.strip().split("[ :(]")[0]))
                            .filter(n -> !n.isEmpty())
                            .anyMatch(n -> java.util.regex.Pattern.compile("(^|[ ,|])" + java.util.regex.Pattern.quote(n) + "([ ,:(]|$)")
                                    .matcher(relations).find())).as(f[0] + " -> " + target + " in " + relations).isTrue());
            if (!relations.isEmpty()) {
                withDepends++;
                assertThat(got).as(f[0] + " depends on something installed: " + relations).isNotEmpty();
            }
        }
        assertThat(withDepends).isGreaterThan(50);
    }

    @Test
    void eachPackageIsLocatedByItsOwnFileListThenTheStatusFile() {
        Package bash = byName().get("bash");
        assertThat(bash.locations()).extracting(l -> l.path())
                .containsExactly("/var/lib/dpkg/info/bash.list", "/var/lib/dpkg/status");
        Package libc = byName().get("libc6");
        assertThat(libc.locations().get(0).path()).isEqualTo("/var/lib/dpkg/info/libc6:amd64.list");
    }

    @Test
    void licensesComeFromTheCopyrightFiles() {
        Map<String, Package> packages = byName();
        assertThat(packages.get("zlib1g").licenses()).containsExactly("Zlib");
        assertThat(packages.get("bash").licenses()).contains("GPL-3.0-or-later", "GPL-2.0-or-later",
                "GPL-3.0-or-later WITH Bison-exception-2.2", "BSD-4-Clause-UC", "GFDL-1.3-no-invariants-only", "Latex2e",
                "LicenseRef-MIT-like");
        assertThat(packages.get("dash").licenses()).contains("BSD-3-Clause", "GPL-2.0-or-later", "LicenseRef-public-domain");
        // not machine-readable: the common-licenses files it points to
        assertThat(packages.get("libc6").licenses()).contains("LGPL-2.1-or-later");
        // no licence file named, only the usual GNU notice in prose
        assertThat(packages.get("libcrypt1").licenses()).containsExactly("LGPL-2.1-or-later");
        // /usr/share/doc/libgcc-s1 is a link to gcc-12-base's folder
        assertThat(packages.get("libgcc-s1").licenses()).isEqualTo(packages.get("gcc-12-base").licenses()).isNotEmpty();
        // every package of this image ships a copyright file that names its licences
        assertThat(ofType(sbom, "deb").stream().filter(p -> p.licenses().isEmpty()).map(Package::name)).isEmpty();
    }

    @Test
    void filesListedUnderSymlinkedFoldersAreOwnedWhereTheyReallyAre(@TempDir Path scratch) throws Exception {
        // zlib1g lists /lib/x86_64-linux-gnu/libz.so.1.2.13; /lib links to usr/lib (merged /usr)
        String real = "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13";
        try (var source = dev.warden.image.ImageSources.open("fs://" + rootfs, dev.warden.image.SourceOptions.defaults(scratch.resolve("cache")))) {
            Sbom owned = new dev.warden.catalog.Catalog(List.of(new DpkgCataloger(), new OsFixtures.OneFileCataloger(real)), scratch)
                    .run(source.info(), source.files());
            Package lang = owned.packages().stream().filter(p -> p.type().equals("pypi")).findFirst().orElseThrow();
            assertThat(lang.properties()).containsEntry(PackageProperties.OWNED_BY, byName().get("zlib1g").purl());
        }
    }

    @Test
    void theDistroAndAllPackagesComeFromOnePassOverTheFiles(@TempDir Path scratch) throws Exception {
        try (var source = dev.warden.image.ImageSources.open("fs://" + rootfs, dev.warden.image.SourceOptions.defaults(scratch.resolve("cache")))) {
            dev.warden.image.FileSystemView real = source.files();
            java.util.concurrent.atomic.AtomicInteger passes = new java.util.concurrent.atomic.AtomicInteger();
            dev.warden.image.FileSystemView counting = new dev.warden.image.FileSystemView() {
                @Override
                public List<dev.warden.image.FileEntry> entries() {
                    return real.entries();
                }

                @Override
                public java.util.Optional<dev.warden.image.FileEntry> entry(String path) {
                    return real.entry(path);
                }

                @Override
                public java.util.Optional<dev.warden.image.FileEntry> resolve(String path) {
                    return real.resolve(path);
                }

                @Override
                public void read(java.util.function.Predicate<dev.warden.image.FileEntry> wanted, ContentVisitor visitor) throws java.io.IOException {
                    passes.incrementAndGet();
                    real.read(wanted, visitor);
                }
            };
            Sbom once = OsFixtures.osCatalog(scratch).run(source.info(), counting);
            assertThat(passes).hasValue(1);
            assertThat(once.distro().codename()).isEqualTo("bookworm");
            assertThat(once.packages()).isEqualTo(sbom.packages());
        }
    }

    @Test
    void epochsStayInTheDebVersion() {
        Package zlib = byName().get("zlib1g");
        assertThat(zlib.version()).startsWith("1:");
        assertThat(zlib.purl()).isEqualTo("pkg:deb/debian/zlib1g@" + zlib.version() + "?arch=amd64&distro=debian-12");
    }

    @Test
    void aSecondRunGivesTheSameIdsInTheSameOrder(@TempDir Path scratch) throws Exception {
        Sbom again = scan(rootfs, scratch);
        assertThat(again.packages()).isEqualTo(sbom.packages());
        assertThat(sbom.packages()).extracting(Package::id).doesNotHaveDuplicates();
    }

    @Test
    void distrolessStatusFolder(@TempDir Path dir) throws Exception {
        // distroless images keep one control stanza per package (no Status field) and its md5sums
        Path root = dir.resolve("root");
        java.nio.file.Files.createDirectories(root.resolve("var/lib/dpkg/status.d"));
        java.nio.file.Files.createDirectories(root.resolve("etc"));
        java.nio.file.Files.writeString(root.resolve("etc/os-release"), "PRETTY_NAME=\"Distroless\"\nID=\"debian\"\nVERSION_ID=\"12\"\n");
        java.nio.file.Files.writeString(root.resolve("var/lib/dpkg/status.d/libssl3"), """
                Package: libssl3
                Version: 3.0.15-1~deb12u1
                Architecture: amd64
                Source: openssl
                Description: Secure Sockets Layer toolkit - shared libraries
                """);
        java.nio.file.Files.writeString(root.resolve("var/lib/dpkg/status.d/libssl3.md5sums"),
                "0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n");
        Sbom distroless = scan(root, dir);
        assertThat(distroless.warnings()).isEmpty();
        assertThat(distroless.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl()).isEqualTo("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12");
            assertThat(p.source().name()).isEqualTo("openssl");
            assertThat(p.source().version()).isEqualTo("3.0.15-1~deb12u1");
            assertThat(p.locations()).extracting(l -> l.path())
                    .containsExactly("/var/lib/dpkg/status.d/libssl3", "/var/lib/dpkg/status.d/libssl3.md5sums");
        });
    }

    @Test
    void warnsAboutNothingOnAHealthyImage() {
        assertThat(sbom.warnings()).isEmpty();
    }

    private static Map<String, Package> byName() {
        return ofType(sbom, "deb").stream().collect(Collectors.toMap(Package::name, Function.identity()));
    }
}
