package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java archives that are files of this machine ({@code fs://}) are read in place, by their central directory: the
 * same packages, versions, purls, SHA-1s, nesting and warnings as the stream reader (which layers use) finds in real
 * jars and in hostile ones; where the two cannot agree (an entry nobody reads is a zip bomb; a central directory that
 * names entries otherwise than their local headers) the test says which answer the in-place reader gives.
 */
class JavaArchiveInPlaceTest {
    private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

    @TempDir
    Path dir;

    @Test
    void realJarsGiveWhatTheStreamReaderGives() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String folder : List.of("org/apache/commons", "com/fasterxml", "org/junit", "info/picocli", "org/xerial")) {
            if (Files.isDirectory(M2.resolve(folder))) {
                roots.add(M2.resolve(folder));
            }
        }
        assertThat(roots).as("this build's dependencies in ~/.m2 (present after any maven build)").isNotEmpty();
        if (Files.isDirectory(Path.of("/usr/share/java"))) {
            roots.add(Path.of("/usr/share/java")); // Debian's jars: many without pom.properties, symlinks between versions
        }
        Files.write(dir.resolve("app.jar"), fatJar());
        roots.add(dir);

        HostFiles files = HostFiles.of(roots.toArray(Path[]::new));
        HostFiles.Result streamed = files.run(new JavaArchiveCataloger());
        HostFiles.Result inPlace = files.asLocalFiles().run(new JavaArchiveCataloger());

        assertThat(streamed.packages()).hasSizeGreaterThan(50);
        assertThat(sorted(inPlace.packages())).isEqualTo(sorted(streamed.packages()));
        assertThat(inPlace.warnings()).isEqualTo(streamed.warnings());
        assertThat(inPlace.packages()).filteredOn(p -> p.parentId() == null)
                .allSatisfy(p -> assertThat(p.properties()).as(p.purl()).containsKey("warden:sha1"));
    }

    /** A Spring Boot-like jar: stored nested jars (one shaded, one holding another), a deflated one, a manifest. */
    private static byte[] fatJar() throws IOException {
        byte[] shaded = new Zips().pom("com.example", "shaded-lib", "2.0").pom("org.relocated", "inner", "3.1")
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").bytes();
        byte[] leaf = new Zips().pom("org.deep", "leaf", "0.9").put("org/deep/Leaf.class", new byte[10]).bytes();
        byte[] holder = new Zips().put("lib/leaf-0.9.jar", leaf).put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nImplementation-Title: holder\nImplementation-Version: 5.5\n").bytes();
        byte[] stored = new Zips().pom("com.example", "app", "1.0")
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-License: Apache-2.0\n")
                .put("BOOT-INF/lib/shaded-lib-2.0.jar", shaded)
                .put("BOOT-INF/lib/holder.jar", holder)
                .put("BOOT-INF/classes/com/example/App.class", new byte[100]).bytes();
        return deflatedEntry(stored, "BOOT-INF/lib/packed-1.0.jar", new Zips().pom("org.packed", "packed", "1.0").bytes());
    }

    @Test
    void aZipBombNobodyReadsCostsNothingInPlaceAndTheArchiveKeepsItsSha1() throws IOException {
        Path bomb = dir.resolve("bomb-1.0.jar");
        Files.write(bomb, bomb(new Zips().pom("evil", "bomb", "1.0").bytes()));

        HostFiles.Result streamed = HostFiles.run(new JavaArchiveCataloger(), dir);
        HostFiles.Result inPlace = HostFiles.runInPlace(new JavaArchiveCataloger(), dir);

        assertThat(streamed.warnings()).singleElement().asString().contains("zip bomb");
        assertThat(inPlace.warnings()).as("zeros.bin is never inflated in place").isEmpty();
        Package p = inPlace.packages().getFirst();
        assertThat(p.purl()).isEqualTo("pkg:maven/evil/bomb@1.0");
        assertThat(p.properties()).containsEntry("warden:sha1", JavaArchiveCatalogerTest.sha1(Files.readAllBytes(bomb)));
    }

    @Test
    void aZipBombInADeflatedNestedArchiveIsStoppedInPlaceToo() throws IOException {
        byte[] inner = bomb(new Zips().pom("evil", "inner", "1.0").bytes());
        Files.write(dir.resolve("outer-1.0.jar"), deflatedEntry(new Zips().pom("org.outer", "outer", "1.0").bytes(),
                "lib/inner-1.0.jar", inner));

        HostFiles.Result inPlace = HostFiles.runInPlace(new JavaArchiveCataloger(), dir);

        assertThat(inPlace.warnings()).singleElement().asString().startsWith(dir.resolve("outer-1.0.jar") + ": ")
                .contains("zip bomb");
        assertThat(inPlace.packages()).extracting(Package::purl).contains("pkg:maven/org.outer/outer@1.0");
    }

    @Test
    void hostileArchivesGetTheSameWarningsAndPackagesInPlace() throws IOException {
        byte[] deep = new Zips().pom("org.deep", "level12", "1").bytes();
        for (int level = 11; level >= 1; level--) {
            deep = new Zips().pom("org.deep", "level" + level, "1").put("lib/level" + (level + 1) + "-1.jar", deep).bytes();
        }
        Files.write(dir.resolve("level0-1.jar"), new Zips().pom("org.deep", "level0", "1").put("lib/level1-1.jar", deep).bytes());
        Zips many = new Zips().pom("org.many", "many", "1");
        for (int i = 0; i < 120; i++) {
            many.put("e" + i + ".txt", "x");
        }
        Files.write(dir.resolve("many-1.jar"), many.bytes());
        byte[] whole = new Zips().pom("org.cut", "cut", "1").put("big.bin", new byte[50_000]).bytes();
        Files.write(dir.resolve("cut-1.jar"), Arrays.copyOf(whole, whole.length / 3));
        Files.write(dir.resolve("slip-1.jar"), new Zips().pom("org.slip", "slip", "1")
                .put("../../../../../../tmp/evil-2.jar", new Zips().pom("org.slip", "inner", "2").bytes()).put("/etc/passwd", "root").bytes());
        byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.US_ASCII);
        byte[] launchable = new Zips().pom("org.launch", "launch", "1").bytes();
        byte[] prefixed = Arrays.copyOf(script, script.length + launchable.length);
        System.arraycopy(launchable, 0, prefixed, script.length, launchable.length);
        Files.write(dir.resolve("launch-1.jar"), prefixed);
        Files.write(dir.resolve("empty-1.jar"), new byte[0]);
        Files.write(dir.resolve("text-1.jar"), "not a zip".getBytes(StandardCharsets.US_ASCII));

        JavaArchiveCataloger cataloger = new JavaArchiveCataloger(LangLimits.MAX_ARCHIVE_EXPANDED_BYTES,
                LangLimits.MAX_ARCHIVE_RATIO, 100, LangLimits.MAX_ARCHIVE_DEPTH);
        HostFiles.Result streamed = HostFiles.run(cataloger, dir);
        HostFiles.Result inPlace = HostFiles.runInPlace(cataloger, dir);

        assertThat(streamed.warnings()).anySatisfy(w -> assertThat(w).contains("nested deeper than 8 levels"))
                .anySatisfy(w -> assertThat(w).startsWith(dir.resolve("many-1.jar") + ": more than 100 entries"))
                .anySatisfy(w -> assertThat(w).startsWith(dir.resolve("cut-1.jar") + ": unreadable Java archive"))
                .anySatisfy(w -> assertThat(w).contains("entry names that leave the archive"));
        assertThat(inPlace.warnings()).containsExactlyInAnyOrderElementsOf(streamed.warnings());
        assertThat(sorted(inPlace.packages())).isEqualTo(sorted(streamed.packages()));
        assertThat(Path.of("/tmp/evil-2.jar")).doesNotExist();
    }

    @Test
    void theCentralDirectoryDecidesWhatTheArchiveHoldsInPlace() throws IOException {
        byte[] jar = new Zips().pom("org.lie", "lie", "1").bytes();
        String name = "META-INF/maven/org.lie/lie/pom.properties";
        String text = new String(jar, StandardCharsets.ISO_8859_1);
        int local = text.indexOf(name);
        int central = text.indexOf(name, local + 1);
        assertThat(central).as("the name in the local header and in the central directory").isPositive();
        // the local header calls the entry something else of the same length; the central directory keeps its name
        byte[] other = "META-INF/maven/org.lie/lie/pom.propertiez".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(other, 0, jar, local, other.length);
        Files.write(dir.resolve("lie-1.jar"), jar);

        Package streamed = HostFiles.run(new JavaArchiveCataloger(), dir).packages().getFirst();
        Package inPlace = HostFiles.runInPlace(new JavaArchiveCataloger(), dir).packages().getFirst();

        assertThat(streamed.purl()).as("the stream reader sees local headers only").isEqualTo("pkg:generic/lie@1");
        assertThat(inPlace.purl()).as("as the JVM's class loader, which reads the central directory")
                .isEqualTo("pkg:maven/org.lie/lie@1");
        assertThat(inPlace.properties().get("warden:sha1")).isEqualTo(streamed.properties().get("warden:sha1"));
    }

    @Test
    void theEndRecordTakesOnlyPlainArchivesWhoseDirectoryIsWhereItSays() throws IOException {
        byte[] plain = new Zips().pom("org.a", "a", "1").put("x.txt", "x").bytes();
        ZipEndRecord end = read(plain);
        assertThat(end).isNotNull();
        assertThat(end.entries()).isEqualTo(2);
        assertThat(end.directoryOffset() + end.directoryBytes()).isEqualTo(plain.length - ZipEndRecord.FIXED_BYTES);

        byte[] prefixed = new byte[plain.length + 7];
        System.arraycopy(plain, 0, prefixed, 7, plain.length);
        assertThat(read(prefixed)).as("a prefix moves the directory from where the record says").isNull();
        assertThat(read(Arrays.copyOf(plain, plain.length + 3))).as("bytes after the record").isNull();
        assertThat(read(Arrays.copyOf(plain, plain.length - 1))).as("a cut record").isNull();
        assertThat(read(new byte[0])).isNull();
    }

    private ZipEndRecord read(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("end.zip"), bytes);
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            return ZipEndRecord.read(ChannelSlice.of(channel));
        }
    }

    /** {@code base}'s entries and one more, compressed (not stored as Spring Boot stores nested jars). */
    private static byte[] deflatedEntry(byte[] base, String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out);
                java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(base))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ZipEntry copy = new ZipEntry(e.getName());
                if (e.getMethod() == ZipEntry.STORED) {
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(e.getSize());
                    copy.setCompressedSize(e.getSize());
                    copy.setCrc(e.getCrc());
                }
                zip.putNextEntry(copy);
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** {@code base}'s entries and 200 MiB of zeros, compressed to well under a megabyte. */
    private static byte[] bomb(byte[] base) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out);
                java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(base))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static List<Package> sorted(List<Package> packages) {
        try (Stream<Package> s = packages.stream()) {
            return s.sorted(Comparator.comparing(Package::id)).toList();
        }
    }
}
