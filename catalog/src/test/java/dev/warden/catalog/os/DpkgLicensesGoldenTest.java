package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.core.Package;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The licences of every package of the debootstrap bookworm minbase root, against a golden list.
 *
 * <p>The golden list ({@value #GOLDEN}) was written once by {@link DebianCopyright} and
 * {@code LicenseNames} as they were at commit e2c4d64, before they were rewritten for speed (cheap
 * scans in place of whole-text regular expressions, cached name lookups): the rewrite must give
 * every package the same licences in the same order. The regular expressions are the specification,
 * and the golden list is what they said about the copyright files of 88 real packages.
 *
 * <p>The test runs only when the fixture was already built (other tests build it, which needs root
 * and the network). A fixture rebuilt later from a newer bookworm may hold other package versions
 * and other copyright files: then the golden list no longer applies and the test is skipped, saying so.
 */
@Tag("live") // a debootstrap root (TestImages)
class DpkgLicensesGoldenTest {
    static final String GOLDEN = "dpkg-licences-bookworm.txt";
    private static final String FIXTURE = "debootstrap-bookworm";
    private static final Path ACTUAL = Path.of("target", "dpkg-licences-bookworm.actual.txt");

    @Test
    void everyPackageHasTheLicensesTheRegularExpressionsGave(@TempDir Path scratch) throws IOException {
        Path rootfs = TestImages.cacheRoot().resolve(FIXTURE);
        assumeTrue(Files.isDirectory(rootfs), "no " + rootfs + ": build it by running DpkgCatalogerTest");
        List<String> actual = ofType(OsFixtures.scan(rootfs, scratch), "deb").stream()
                .sorted(Comparator.comparing(Package::name))
                .map(p -> p.name() + "\t" + p.version() + "\t" + String.join("\t", p.licenses()))
                .toList();
        // kept for a look when the comparison fails (Maven runs tests in the module's folder)
        Files.createDirectories(ACTUAL.getParent());
        Files.write(ACTUAL, actual);
        List<String> golden = golden();
        assumeTrue(versions(golden).equals(versions(actual)),
                "the fixture holds other package versions than the golden list was made from: rebuild the golden list with the regular expressions of e2c4d64");
        assertThat(actual).hasSize(88).isEqualTo(golden);
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = DpkgLicensesGoldenTest.class.getResourceAsStream("/" + GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** "name\tversion" of each line. */
    private static String versions(List<String> lines) {
        Function<String, String> nameAndVersion = line -> line.substring(0, line.indexOf('\t', line.indexOf('\t') + 1));
        return lines.stream().map(nameAndVersion).collect(Collectors.joining("\n"));
    }
}
