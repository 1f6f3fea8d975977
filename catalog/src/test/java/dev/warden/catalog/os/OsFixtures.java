package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.fail;

import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs real tools and scans folders through the real fs:// source. */
final class OsFixtures {
    private OsFixtures() {}

    static Catalog osCatalog(Path scratch) {
        return new Catalog(List.of(new DpkgCataloger(), new ApkCataloger(), new RpmCataloger()), scratch);
    }

    static Sbom scan(Path root, Path scratch) throws IOException {
        try (ImageSource source = ImageSources.open("fs://" + root.toAbsolutePath(), SourceOptions.defaults(scratch.resolve("cache")))) {
            return osCatalog(scratch).run(source.info(), source.files());
        }
    }

    static List<Package> ofType(Sbom sbom, String type) {
        return sbom.packages().stream().filter(p -> p.type().equals(type)).toList();
    }

    /** Runs a tool and returns its stdout; a missing tool or a failure fails the test with its output. */
    static String run(Path dir, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile());
            Path err = Files.createTempFile("tool-", ".err");
            builder.redirectError(err.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail("the test needs '" + command[0] + "' (install the Debian packages in .ci/packages): " + e.getMessage());
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            String error = Files.readString(err);
            Files.deleteIfExists(err);
            if (code != 0) {
                fail(String.join(" ", command) + " exited " + code + ": " + error);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
        lines.sort(null);
        return lines;
    }
}
