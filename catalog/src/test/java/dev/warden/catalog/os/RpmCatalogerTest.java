package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rpm databases written by the real rpm (sqlite), loaded by db5.3_load (Berkeley DB) and laid out as ndb. */
@Tag("live") // rpm and db5.3 tools build the databases (RpmFixtures)
class RpmCatalogerTest {
    static final String METADATA = "/usr/lib/python3/site-packages/foo-1.0.dist-info/METADATA";

    @TempDir
    static Path work;
    static Path sqliteRoot;
    static Path bdbRoot;
    static Path ndbRoot;
    static List<String> expected;

    @BeforeAll
    static void buildDatabases() throws Exception {
        sqliteRoot = work.resolve("sqlite-root");
        RpmFixtures.installSqliteRoot(Files.createDirectories(work.resolve("build")), sqliteRoot);
        expected = lines(RpmFixtures.rpmQuery(sqliteRoot).replaceAll("\\t[^\\t\\n]*\\n", "\n"));
        Map<Integer, byte[]> blobs = RpmFixtures.blobs(sqliteRoot.resolve("var/lib/rpm/rpmdb.sqlite"));

        bdbRoot = copyWithoutDatabase(sqliteRoot, work.resolve("bdb-root"));
        // 512-byte pages: every header spills into a chain of overflow pages
        RpmFixtures.writeBerkeleyDb(blobs, bdbRoot.resolve("var/lib/rpm/Packages"), 512);

        ndbRoot = copyWithoutDatabase(sqliteRoot, work.resolve("ndb-root"));
        Files.createDirectories(ndbRoot.resolve("usr/lib/sysimage/rpm"));
        Files.write(ndbRoot.resolve("usr/lib/sysimage/rpm/Packages.db"), RpmFixtures.ndb(blobs));
        Files.writeString(ndbRoot.resolve("etc/os-release"), "ID=\"sles\"\nVERSION_ID=\"15.5\"\n");
    }

    private static Path copyWithoutDatabase(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("rpmdb.sqlite")) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static List<String> found(Sbom sbom) {
        return lines(String.join("\n", ofType(sbom, "rpm").stream()
                .map(p -> p.name() + "\t" + p.version() + "\t" + arch(p) + "\t" + p.properties().get("rpm:sourcerpm")).toList()));
    }

    private static String arch(Package p) {
        return p.purl().replaceAll(".*[?&]arch=([^&]+).*", "$1");
    }

    private static Package named(Sbom sbom, String name) {
        return ofType(sbom, "rpm").stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sqliteDatabaseGivesWhatRpmItselfLists(@TempDir Path scratch) throws Exception {
        assertThat(expected).hasSize(3);
        Sbom sbom = scan(sqliteRoot, scratch);
        assertThat(found(sbom)).isEqualTo(expected);
        assertThat(sbom.warnings()).isEmpty();
        Package a = named(sbom, "warden-fixture-a");
        assertThat(a.purl()).isEqualTo("pkg:rpm/redhat/warden-fixture-a@1.2.3-4.el9?arch=x86_64&distro=rhel-9.4&epoch=2");
        assertThat(a.version()).isEqualTo("2:1.2.3-4.el9");
        assertThat(a.licenses()).containsExactly("MIT AND (GPL-2.0-or-later OR BSD-3-Clause)");
        assertThat(a.locations()).extracting(Location::path).last().isEqualTo("/var/lib/rpm/rpmdb.sqlite");
        assertThat(a.locations().get(0).path()).isIn("/usr/share/a/file.txt", METADATA);
        Package sub = named(sbom, "warden-libc-sub");
        assertThat(sub.source().name()).isEqualTo("warden-fixture-c");
        assertThat(sub.source().version()).isEqualTo("3.0.7-27.el9");
        assertThat(sub.licenses()).containsExactly("Apache-2.0"); // Fedora's older "ASL 2.0"
        assertThat(named(sbom, "warden-fixture-b").licenses()).containsExactly("GPL-2.0-or-later");
        assertThat(named(sbom, "warden-fixture-b").purl()).isEqualTo("pkg:rpm/redhat/warden-fixture-b@0.9-1?arch=noarch&distro=rhel-9.4");
        // the scratch copy of the database is gone when the run ends
        try (var left = Files.list(scratch)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("warden-catalog-"))).isEmpty();
        }
    }

    @Test
    void berkeleyDbGivesTheSamePackages(@TempDir Path scratch) throws Exception {
        // rpm's own read-only Berkeley DB backend reads the fixture as a real rpm database
        String rpmSays = OsFixtures.run(null, "rpm", "--dbpath", bdbRoot.resolve("var/lib/rpm").toString(), "--define", "_db_backend bdb_ro",
                "-qa", "--qf", "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n");
        assertThat(lines(rpmSays)).isEqualTo(expected);
        Sbom sbom = scan(bdbRoot, scratch);
        assertThat(sbom.warnings()).isEmpty();
        assertThat(found(sbom)).isEqualTo(expected);
        assertThat(named(sbom, "warden-fixture-b").locations()).extracting(Location::path).last().isEqualTo("/var/lib/rpm/Packages");
    }

    @Test
    void berkeleyDbWithLargePagesGivesTheSamePackages(@TempDir Path scratch) throws Exception {
        Path root = copyWithoutDatabase(bdbRoot, scratch.resolve("root"));
        RpmFixtures.writeBerkeleyDb(RpmFixtures.blobs(sqliteRoot.resolve("var/lib/rpm/rpmdb.sqlite")), root.resolve("var/lib/rpm/Packages"), 16384);
        assertThat(found(scan(root, scratch))).isEqualTo(expected);
    }

    @Test
    void ndbGivesTheSamePackagesUnderTheSuseNamespace(@TempDir Path scratch) throws Exception {
        Sbom sbom = scan(ndbRoot, scratch);
        assertThat(sbom.warnings()).isEmpty();
        assertThat(found(sbom)).isEqualTo(expected);
        assertThat(named(sbom, "warden-fixture-b").purl()).isEqualTo("pkg:rpm/suse/warden-fixture-b@0.9-1?arch=noarch&distro=sles-15.5");
    }

    @Test
    void languagePackagesInFilesAnRpmOwnsAreAttributedToIt(@TempDir Path scratch) throws Exception {
        Cataloger python = new OsFixtures.OneFileCataloger(METADATA);
        try (ImageSource source = ImageSources.open("fs://" + sqliteRoot, SourceOptions.defaults(scratch.resolve("cache")))) {
            Sbom sbom = new Catalog(List.of(new RpmCataloger(), python), scratch).run(source.info(), source.files());
            Package foo = sbom.packages().stream().filter(p -> p.type().equals("pypi")).findFirst().orElseThrow();
            assertThat(foo.properties()).containsEntry(PackageProperties.OWNED_BY, named(sbom, "warden-fixture-a").purl());
        }
    }
}
