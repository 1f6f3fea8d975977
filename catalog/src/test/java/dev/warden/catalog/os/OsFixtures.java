package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.fail;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.testing.LiveTests;
import java.io.InputStream;
import java.util.Map;
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
        LiveTests.require(command[0]);
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

    /** A language cataloger reduced to one file: reports a package found at {@code path}. */
    record OneFileCataloger(String path) implements Cataloger {
        @Override
        public String name() {
            return "one-file";
        }

        @Override
        public Session start(CatalogContext context) {
            return new Session() {
                FileEntry seen;

                @Override
                public boolean wants(FileEntry entry) {
                    return entry.path().equals(path);
                }

                @Override
                public void accept(FileEntry entry, InputStream content) {
                    seen = entry;
                }

                @Override
                public void finish(FileSystemView files, PackageSink sink) {
                    if (seen != null) {
                        sink.add(new Package(null, "pypi", null, "foo", "1.0", "pkg:pypi/foo@1.0", List.of(),
                                List.of(new Location(seen.path(), seen.layerDiffId())), null, name(), null, Map.of()));
                    }
                }
            };
        }
    }
}
