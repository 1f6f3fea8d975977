package dev.warden.catalog.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.catalog.Catalog;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Package databases, lock files, metadata and executables as an image can hold them: the fuzzed bytes are one file
 * at the path its cataloger reads, in a root filesystem catalogued the way {@code warden sbom fs://ROOT} does it.
 * Every run either catalogues or refuses the input with a WardenException; any other exception, a hang or running
 * out of memory is a finding. Regression mode replays src/test/resources/dev/warden/catalog/fuzz/CatalogFuzzTestInputs/.
 */
class CatalogFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void dpkgStatus(byte[] input) {
        catalog("var/lib/dpkg/status", input);
    }

    @FuzzTest(maxDuration = "30s")
    void debianCopyright(byte[] input) {
        catalog("usr/share/doc/zlib1g/copyright", input,
                "var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\n");
    }

    @FuzzTest(maxDuration = "30s")
    void apkInstalled(byte[] input) {
        catalog("lib/apk/db/installed", input);
    }

    @FuzzTest(maxDuration = "30s")
    void rpmSqlite(byte[] input) {
        catalog("var/lib/rpm/rpmdb.sqlite", input);
    }

    @FuzzTest(maxDuration = "30s")
    void rpmBerkeleyDb(byte[] input) {
        catalog("var/lib/rpm/Packages", input);
    }

    @FuzzTest(maxDuration = "30s")
    void rpmNdb(byte[] input) {
        catalog("var/lib/rpm/Packages.db", input);
    }

    @FuzzTest(maxDuration = "30s")
    void javaArchive(byte[] input) {
        catalog("app/lib/app.jar", input);
    }

    @FuzzTest(maxDuration = "30s")
    void executable(byte[] input) {
        catalog("usr/local/bin/app", input);
    }

    @FuzzTest(maxDuration = "30s")
    void npmLock(byte[] input) {
        catalog("app/package-lock.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void yarnLock(byte[] input) {
        catalog("app/yarn.lock", input);
    }

    @FuzzTest(maxDuration = "30s")
    void pnpmLock(byte[] input) {
        catalog("app/pnpm-lock.yaml", input);
    }

    @FuzzTest(maxDuration = "30s")
    void pythonMetadata(byte[] input) {
        catalog("usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", input);
    }

    @FuzzTest(maxDuration = "30s")
    void cycloneDxSbom(byte[] input) {
        readSbom("bom.cdx.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void spdxSbom(byte[] input) {
        readSbom("bom.spdx.json", input);
    }

    /** Catalogues a root holding {@code input} at {@code path} (and the fixed files {@code others}: path, text, ...). */
    private static void catalog(String path, byte[] input, String... others) {
        withTempDir(dir -> {
            Path root = dir.resolve("root");
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, input);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (int i = 0; i + 1 < others.length; i += 2) {
                Path other = root.resolve(others[i]);
                Files.createDirectories(other.getParent());
                Files.writeString(other, others[i + 1]);
            }
            try (ImageSource image = ImageSources.open("fs://" + root, SourceOptions.defaults(dir.resolve("cache")))) {
                Catalog.withDefaults(dir.resolve("scratch")).run(image.info(), image.files());
            }
        });
    }

    private static void readSbom(String name, byte[] input) {
        withTempDir(dir -> {
            Path file = Files.write(dir.resolve(name), input);
            new SbomReader().read(file);
        });
    }

    private interface Body {
        void run(Path dir) throws IOException;
    }

    private static void withTempDir(Body body) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("warden-fuzz-");
            body.run(dir);
        } catch (WardenException e) {
            // refused with a user-facing line: what hostile input should get
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp folder left behind is not a finding
                }
            }
        }
    }
}
