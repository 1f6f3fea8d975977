package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogLimits;
import dev.warden.catalog.Catalogers;
import dev.warden.catalog.lang.LangLimits;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacker-written files for every cataloger, each in a full scan with the default catalogers beside
 * good packages of several kinds: each bad file gives exactly ONE warning naming it, the good packages
 * are all still found, and no scan takes long. (Cataloger-level cases live beside each cataloger's
 * tests: {@code HostileOsDatabasesTest}, {@code JavaArchiveCatalogerTest}.)
 */
class HostileCatalogInputTest {
    /**
     * A guard against a hang or a blow-up (minutes), not a speed measurement: the 200,001-package lock alone takes
     * ~5 s on an idle core and took 20.7 s with the machine at load 17 (speed lives in bench/).
     */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The good packages every root holds: a deb, an installed npm package, a locked npm package, a jar. */
    private static final Set<String> GOOD = Set.of("deb:good@1.0-1", "npm:good-npm@1.0.0", "npm:good-locked@2.0.0",
            "maven:org.good/good-jar@1.0");

    @TempDir
    static Path shared;
    static Path rpmTemplate;

    @BeforeAll
    static void rpmRoot() throws IOException {
        rpmTemplate = shared.resolve("rpm-root");
        RpmFixtures.copyFrozenRoot(rpmTemplate); // real headers (rpmbuild, rpm), frozen: the default build has no rpm
    }

    @TempDir
    Path dir;

    /** A root with one good package of each kind. */
    private Path goodRoot() throws IOException {
        Path root = dir.resolve("root");
        write(root, "/var/lib/dpkg/status", HostileOsDatabasesTest.STANZA.getBytes(StandardCharsets.UTF_8));
        write(root, "/app/node_modules/good-npm/package.json", "{\"name\": \"good-npm\", \"version\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        write(root, "/srv/site/package-lock.json", """
                {"name": "site", "lockfileVersion": 3, "packages": {"": {"name": "site"},
                 "node_modules/good-locked": {"version": "2.0.0"}}}""".getBytes(StandardCharsets.UTF_8));
        write(root, "/opt/lib/good-jar-1.0.jar", jar(Map.of("META-INF/maven/org.good/good-jar/pom.properties",
                "groupId=org.good\nartifactId=good-jar\nversion=1.0\n".getBytes(StandardCharsets.UTF_8))));
        return root;
    }

    private Sbom scan(Path root) {
        return scan(root, PATIENCE);
    }

    private Sbom scan(Path root, Duration patience) {
        return assertTimeoutPreemptively(patience, () -> {
            try (ImageSource source = ImageSources.open("fs://" + root.toAbsolutePath(), SourceOptions.defaults(dir.resolve("cache")))) {
                return new Catalog(Catalogers.defaults(), Files.createDirectories(dir.resolve("scratch"))).run(source.info(), source.files());
            }
        });
    }

    private static Set<String> found(Sbom sbom) {
        return sbom.packages().stream()
                .map(p -> p.type() + ":" + (p.namespace() == null || p.type().equals("deb") ? "" : p.namespace() + "/") + p.name() + "@" + p.version())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The bad file's one warning (naming it by its path in the image), and every good package found. */
    private static void assertOneWarningAndTheRest(Sbom sbom, String path, String... saying) {
        assertThat(sbom.warnings()).singleElement().asString().contains(path).contains(saying);
        System.out.println("hostile input warning: " + sbom.warnings().getFirst().replaceAll("x{40,}", "x..."));
        assertThat(found(sbom)).containsAll(GOOD);
    }

    /** A v1 lock whose packages d0, d1, ... each nest the next, 20 levels past the limit. */
    private static String nestedV1Lock() {
        StringBuilder v1 = new StringBuilder("{\"lockfileVersion\": 1, \"dependencies\": ");
        int levels = LangLimits.MAX_LOCKFILE_NESTING + 20;
        for (int i = 0; i < levels; i++) {
            v1.append("{\"d").append(i).append("\": {\"version\": \"1.0.").append(i).append("\", \"dependencies\": ");
        }
        return v1.append("{}").append("}}".repeat(levels)).append("}").toString();
    }

    /** A v3 lock listing one package more than the limit. */
    private static String crowdedLock() {
        StringBuilder lock = new StringBuilder("{\"lockfileVersion\": 3, \"packages\": {\"\": {}");
        for (int i = 0; i <= LangLimits.MAX_LOCKFILE_PACKAGES; i++) {
            lock.append(", \"node_modules/p").append(i).append("\": {\"version\": \"1.0.0\"}");
        }
        return lock.append("}}").toString();
    }

    static Stream<Arguments> badNpmFiles() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        return Stream.of(
                Arguments.of("/app/node_modules/huge/package.json", padded("{\"name\": \"huge\", \"version\": \"1.0.0\", \"description\": \"",
                        LangLimits.MAX_METADATA_BYTES + 1, "\"}"), "larger than " + LangLimits.MAX_METADATA_BYTES + " bytes"),
                Arguments.of("/app/node_modules/deep/package.json", deep, "nesting depth"),
                Arguments.of("/app/node_modules/broken/package.json", "{\"name\": \"broken\", \"version\": ", "could not read it"),
                Arguments.of("/app/node_modules/@evil/nul/package.json", "\0\0\0\0binary", "could not read it"),
                Arguments.of("/huge/package-lock.json", padded("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": \"1.0.0\", \"x\": \"",
                        LangLimits.MAX_LOCKFILE_BYTES + 1, "\"}}}"), "larger than " + LangLimits.MAX_LOCKFILE_BYTES + " bytes"),
                Arguments.of("/deep/package-lock.json", deep, "nesting depth"),
                Arguments.of("/nested/package-lock.json", nestedV1Lock(), "nested deeper than " + LangLimits.MAX_LOCKFILE_NESTING + " levels"),
                Arguments.of("/crowded/package-lock.json", crowdedLock(), "more than " + LangLimits.MAX_LOCKFILE_PACKAGES + " packages"),
                Arguments.of("/broken/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {", "could not read it"),
                Arguments.of("/garbage/yarn.lock", "\u0001\u0002 not: a lock\n\tat: all\n", "not a yarn lock file"),
                Arguments.of("/garbage/pnpm-lock.yaml", "<html><body>404</body></html>\n", "not a pnpm lock file"),
                Arguments.of("/huge-yarn/yarn.lock", padded("# yarn lockfile v1\n\"a@", LangLimits.MAX_LOCKFILE_BYTES + 1, "\":\n"),
                        "larger than " + LangLimits.MAX_LOCKFILE_BYTES + " bytes"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badNpmFiles")
    void badNpmFile(String path, String content, String saying) throws IOException {
        Path root = goodRoot();
        write(root, path, content.getBytes(StandardCharsets.UTF_8));
        assertOneWarningAndTheRest(scan(root), path, saying);
    }

    /** A v1 lock nested past the limit keeps the packages above the cut. */
    @Test
    void aLockNestedTooDeeplyKeepsWhatIsAbove() throws IOException {
        Path root = goodRoot();
        write(root, "/nested/package-lock.json", nestedV1Lock().getBytes(StandardCharsets.UTF_8));
        Sbom sbom = scan(root);
        assertThat(sbom.packages().stream().filter(p -> p.name().matches("d\\d+")).count())
                .isEqualTo(LangLimits.MAX_LOCKFILE_NESTING + 1);
    }

    /** Valid stanzas past the 512 MiB limit: the file is read to the limit (a few seconds), not further. */
    @Test
    void dpkgStatusOverTheSizeLimit() throws IOException {
        Path root = goodRoot();
        Path status = root.resolve("var/lib/dpkg/status");
        byte[] line = (" " + "x".repeat(64 << 10) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel out = FileChannel.open(status, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap("Package: filler\nStatus: install ok installed\nVersion: 1\nDescription: long\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer chunk = ByteBuffer.allocate(line.length * 16);
            for (int i = 0; i < 16; i++) {
                chunk.put(line);
            }
            while (out.size() <= CatalogLimits.MAX_STATUS_BYTES) {
                out.write(chunk.flip());
            }
        }
        Sbom sbom = scan(root, Duration.ofSeconds(60));
        assertOneWarningAndTheRest(sbom, "/var/lib/dpkg/status", "larger than " + CatalogLimits.MAX_STATUS_BYTES + " bytes");
        Files.delete(status); // half a gigabyte: not kept until the whole class ends
    }

    @Test
    void rpmHeaderWithALyingOffset() throws Exception {
        assertOneLyingHeader(blob -> {
            ByteBuffer b = ByteBuffer.wrap(blob);
            for (int i = 0; i < b.getInt(0); i++) {
                if (b.getInt(8 + 16 * i) == 1000) { // the NAME tag's data offset, far past the end
                    b.putInt(8 + 16 * i + 8, 0x7fff0000);
                }
            }
        }, "offset");
    }

    @Test
    void rpmHeaderWithALyingCount() throws Exception {
        assertOneLyingHeader(blob -> {
            ByteBuffer b = ByteBuffer.wrap(blob);
            for (int i = 0; i < b.getInt(0); i++) {
                if (b.getInt(8 + 16 * i) == 1118) { // BASENAMES: a string array claiming a million more strings than it has
                    b.putInt(8 + 16 * i + 12, b.getInt(8 + 16 * i + 12) + 1_000_000);
                }
            }
        }, "bad rpm header");
    }

    private interface Damage {
        void apply(byte[] blob);
    }

    /** The real rpm's database with one header damaged: that header gives the warning, the others stand. */
    private void assertOneLyingHeader(Damage damage, String saying) throws Exception {
        Path root = goodRoot();
        try (Stream<Path> files = Files.walk(rpmTemplate)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(rpmTemplate.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path sqlite = root.resolve("var/lib/rpm/rpmdb.sqlite");
        Map<Integer, byte[]> blobs = RpmFixtures.blobs(sqlite);
        int victim = blobs.keySet().iterator().next();
        byte[] blob = blobs.get(victim).clone();
        damage.apply(blob);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             PreparedStatement update = db.prepareStatement("UPDATE Packages SET blob = ? WHERE hnum = ?")) {
            update.setBytes(1, blob);
            update.setInt(2, victim);
            assertThat(update.executeUpdate()).isOne();
        }
        Sbom sbom = scan(root);
        assertOneWarningAndTheRest(sbom, "/var/lib/rpm/rpmdb.sqlite", saying);
        long expected = OsFixtures.lines(RpmFixtures.frozenRpmQuery()).size() - 1;
        assertThat(sbom.packages().stream().filter(p -> p.type().equals("rpm")).count()).isEqualTo(expected);
    }

    /** Zip-slip names are read in place: nothing appears anywhere, one warning says the jar is crafted. */
    @Test
    void zipSlipNamesInAJarWriteNothing() throws IOException {
        Path root = goodRoot();
        String marker = "warden-slip-" + ProcessHandle.current().pid();
        byte[] innerJar = jar(Map.of("META-INF/maven/org.slip/inner/pom.properties",
                "groupId=org.slip\nartifactId=inner\nversion=2\n".getBytes(StandardCharsets.UTF_8)));
        write(root, "/opt/lib/slip-1.jar", jar(Map.of(
                "META-INF/maven/org.slip/slip/pom.properties", "groupId=org.slip\nartifactId=slip\nversion=1\n".getBytes(StandardCharsets.UTF_8),
                "../../etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8),
                "../../../../../../../../tmp/" + marker + "/inner-2.jar", innerJar,
                "/tmp/" + marker + "-abs.txt", "x".getBytes(StandardCharsets.UTF_8))));
        Set<String> before = tree(dir);
        Sbom sbom = scan(root);
        assertOneWarningAndTheRest(sbom, "/opt/lib/slip-1.jar", "leave the archive");
        assertThat(found(sbom)).contains("maven:org.slip/slip@1", "maven:org.slip/inner@2");
        Set<String> after = tree(dir);
        after.removeIf(p -> p.startsWith("/cache") || p.startsWith("/scratch"));
        assertThat(after).as("no file was added under the scanned root").isEqualTo(before);
        assertThat(tree(dir.resolve("scratch"))).as("scratch is left empty").isEmpty();
        assertThat(root.resolve("etc/passwd")).doesNotExist();
        assertThat(Path.of("/tmp", marker)).doesNotExist();
        assertThat(Path.of("/tmp", marker + "-abs.txt")).doesNotExist();
    }

    private static Set<String> tree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(p -> !p.equals(top)).map(p -> "/" + top.relativize(p)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String padded(String head, int atLeast, String tail) {
        return head + "x".repeat(Math.max(0, atLeast - head.length())) + tail;
    }

    private static void write(Path root, String path, byte[] content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
