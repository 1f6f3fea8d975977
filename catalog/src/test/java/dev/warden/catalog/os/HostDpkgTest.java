package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Sbom;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's own root filesystem through fs:/, against dpkg-query on the same database. */
@Tag("live") // this machine's own package database against dpkg-query
class HostDpkgTest {

    @Test
    void everyInstalledPackageOfThisMachine(@TempDir Path scratch) throws Exception {
        // dpkg-query -W also lists packages removed but not purged ("rc"): their files are gone,
        // so only those whose status is "installed" are in an SBOM
        List<String> expected = lines(run(null, "dpkg-query", "-W", "-f", "${db:Status-Status}\t${Package}\t${Version}\n")
                .lines().filter(l -> l.startsWith("installed\t")).map(l -> l.substring("installed\t".length()))
                .reduce("", (a, b) -> a + b + "\n"));
        long started = System.nanoTime();
        Sbom sbom;
        long indexed;
        try (ImageSource source = ImageSources.open("fs:/", SourceOptions.defaults(scratch.resolve("cache")))) {
            FileSystemView files = source.files();
            indexed = (System.nanoTime() - started) / 1_000_000;
            sbom = OsFixtures.osCatalog(scratch).run(source.info(), files);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<String> actual = lines(String.join("\n", ofType(sbom, "deb").stream().map(p -> p.name() + "\t" + p.version()).toList()));
        assertThat(actual).hasSizeGreaterThan(50).isEqualTo(expected);
        System.out.printf("fs:/ OS catalog: %d deb packages in %d ms (%d ms of it indexing the filesystem)%n", actual.size(), millis, indexed);
    }
}
