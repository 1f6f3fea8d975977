package dev.warden.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.catalog.sbom.CycloneDxWriter;
import dev.warden.core.ConfigurationFacts;
import dev.warden.core.ConfigurationFacts.ConfigSecret;
import dev.warden.core.ConfigurationFacts.ModeFile;
import dev.warden.core.ConfigurationFacts.PackageCache;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration checks' facts, from real images: the debootstrap image's set-id programs and apt lists compared
 * with what {@code find} reports on the same root filesystem, and a small image made by tar and umoci with each
 * kind of problem planted beside its harmless look-alike.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class ConfigurationScanTest {
    @TempDir
    Path tmp;

    private Sbom catalog(String source) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(tmp.resolve("cache")))) {
            return Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
        }
    }

    /** What find(1) says, as absolute paths inside {@code root}. */
    private static List<String> find(Path root, String... expression) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("find", root.toString(), "-xdev"));
        command.addAll(List.of(expression));
        command.add("-print");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(l -> l.substring(root.toString().length())).sorted().toList();
    }

    @Test
    void theDebootstrapImageHasItsSetIdProgramsAndAptCachesAsFindSeesThem() throws Exception {
        Path rootfs = TestImages.debootstrapRootfs();
        List<String> setId = find(rootfs, "-type", "f", "(", "-perm", "-4000", "-o", "-perm", "-2000", ")");
        List<String> writable = find(rootfs, "(", "-type", "f", "-perm", "-0002", ")", "-o",
                "(", "-type", "d", "-perm", "-0002", "!", "-perm", "-1000", ")");
        List<String> aptLists = find(rootfs.resolve("var/lib/apt/lists").toAbsolutePath(), "-type", "f", "-size", "+0", "!", "-name", "lock");

        for (String source : List.of("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG, "fs://" + rootfs)) {
            ConfigurationFacts facts = catalog(source).configuration();

            assertThat(facts.filesSeen()).isTrue();
            assertThat(setId).as("debootstrap's minbase has set-id programs (passwd, su, mount...)").contains("/usr/bin/passwd", "/usr/bin/su");
            assertThat(facts.setIdFiles()).as(source).extracting(ModeFile::path).containsExactlyElementsOf(setId);
            assertThat(facts.setIdTotal()).isEqualTo(setId.size());
            assertThat(facts.setIdFiles()).filteredOn(f -> f.path().equals("/usr/bin/passwd")).singleElement()
                    .satisfies(f -> assertThat(f.mode()).isEqualTo(04755));
            assertThat(facts.worldWritable()).as(source).extracting(ModeFile::path)
                    .containsExactlyElementsOf(writable.stream().filter(p -> !ConfigurationScan.temporary(p)).toList());
            assertThat(facts.packageCaches()).as(source).extracting(PackageCache::manager, PackageCache::location)
                    .contains(org.assertj.core.groups.Tuple.tuple("apt", "/var/lib/apt/lists"));
            PackageCache lists = facts.packageCaches().stream().filter(c -> c.location().equals("/var/lib/apt/lists")).findFirst().orElseThrow();
            assertThat(lists.files()).isEqualTo(aptLists.size());
            assertThat(lists.bytes()).isGreaterThan(1_000_000); // the Packages index of bookworm main
        }
        // the layout's config sets FOO=bar and a plain label: nothing secret
        assertThat(catalog("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG).configuration().configSecrets()).isEmpty();
    }

    @Test
    void plantedProblemsAreFoundAndTheirHarmlessLookAlikesAreNot() throws Exception {
        Path l1 = Files.createDirectories(tmp.resolve("l1"));
        file(l1, "app/run", "rwsr-xr-x");
        file(l1, "app/grp", "rwx--s--x");
        file(l1, "app/ww.txt", "rw-rw-rw-");
        file(l1, "app/gone.txt", "rw-rw-rw-");
        file(l1, "app/plain", "rwxr-xr-x");
        dir(l1, "srv/shared", "rwxrwxrwx"); // anyone may write, no sticky bit: violated
        dir(l1, "srv/drop", "rwxrwxrwt"); // sticky, like /tmp: allowed
        dir(l1, "var/mail", "rwxrwsr-x"); // a set-group-id folder: group inheritance, no privilege
        file(l1, "tmp/scratch", "rw-rw-rw-");
        file(l1, "var/tmp/x", "rw-rw-rw-");
        Files.createSymbolicLink(l1.resolve("app/link"), Path.of("run")); // 0777 as every symlink: grants nothing
        file(l1, "root/.cache/pip/http/a/b/c", "rw-r--r--");
        file(l1, "root/.npm/_cacache/index-v5/00/aa", "rw-r--r--");
        file(l1, "home/dev/.cache/pip/wheels/x.whl", "rw-r--r--");
        file(l1, "var/cache/apk/APKINDEX.00000000.tar.gz", "rw-r--r--");
        file(l1, "var/lib/apt/lists/lock", "rw-r-----");
        Files.writeString(l1.resolve("var/lib/apt/lists/lock"), ""); // apt's empty lock: no cache
        for (int i = 0; i < 150; i++) {
            file(l1, "hostile/suid-" + String.format("%03d", i), "rwsr-xr-x");
        }
        Path l2 = Files.createDirectories(tmp.resolve("l2/app"));
        Files.writeString(l2.resolve(".wh.gone.txt"), ""); // deleted by layer 2: not in the final filesystem
        Path layout = tmp.resolve("oci");
        TestImages.run(tmp, "tar", "--numeric-owner", "-C", l1.toString(), "-cf", tmp.resolve("l1.tar").toString(), ".");
        TestImages.run(tmp, "tar", "--numeric-owner", "-C", tmp.resolve("l2").toString(), "-cf", tmp.resolve("l2.tar").toString(), ".");
        TestImages.run(tmp, "umoci", "init", "--layout", layout.toString());
        TestImages.run(tmp, "umoci", "new", "--image", layout + ":t");
        TestImages.run(tmp, "umoci", "raw", "add-layer", "--image", layout + ":t", tmp.resolve("l1.tar").toString());
        TestImages.run(tmp, "umoci", "raw", "add-layer", "--image", layout + ":t", tmp.resolve("l2.tar").toString());
        Random random = new Random(20261207);
        String ghp = "ghp_" + random(random, 36);
        String password = random(random, 18);
        TestImages.run(tmp, "umoci", "config", "--image", layout + ":t",
                "--config.env", "PATH=/usr/local/bin:/usr/bin",
                "--config.env", "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
                "--config.env", "DB_PASSWORD=" + password,
                "--config.env", "POSTGRES_PASSWORD_FILE=/run/secrets/db",
                "--config.env", "MYSQL_ALLOW_EMPTY_PASSWORD=yes",
                "--config.env", "API_TOKEN=${API_TOKEN}",
                "--config.env", "DATABASE_URL=postgres://app:hunter22x@db:5432/app",
                "--config.env", "NOTES=deploy with " + ghp,
                "--config.label", "org.opencontainers.image.authors=Warden <warden@example.org>",
                "--config.label", "com.example.secret=hunter2hunter2",
                "--config.exposedports", "80/tcp", "--config.exposedports", "8080/tcp");

        ConfigurationFacts facts = catalog("oci-dir://" + layout + ":t").configuration();

        assertThat(facts.setIdFiles()).hasSize(ConfigurationScan.MAX_LISTED_FILES);
        assertThat(facts.setIdTotal()).isEqualTo(152);
        assertThat(facts.setIdFiles()).extracting(ModeFile::path).startsWith("/app/grp", "/app/run")
                .doesNotContain("/var/mail", "/app/link", "/app/plain");
        assertThat(facts.setIdFiles().get(0).mode()).isEqualTo(02711);
        assertThat(facts.worldWritable()).extracting(ModeFile::path, ModeFile::directory).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/app/ww.txt", false),
                org.assertj.core.groups.Tuple.tuple("/srv/shared", true));
        assertThat(facts.packageCaches()).extracting(PackageCache::manager, PackageCache::location, PackageCache::files)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("pip", "/root/.cache/pip", 1),
                        org.assertj.core.groups.Tuple.tuple("npm", "/root/.npm/_cacache", 1),
                        org.assertj.core.groups.Tuple.tuple("pip", "/home/dev/.cache/pip", 1),
                        org.assertj.core.groups.Tuple.tuple("apk", "/var/cache/apk", 1));
        assertThat(facts.configSecrets()).extracting(ConfigSecret::where, ConfigSecret::name, ConfigSecret::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ENV", "DB_PASSWORD", "generic-password"),
                org.assertj.core.groups.Tuple.tuple("ENV", "DATABASE_URL", "url-password"),
                org.assertj.core.groups.Tuple.tuple("ENV", "NOTES", "github-pat"),
                org.assertj.core.groups.Tuple.tuple("LABEL", "com.example.secret", "secret-name"));
        // redacted: the first four characters only, in every fact
        assertThat(facts.configSecrets()).extracting(ConfigSecret::match)
                .containsExactly(password.substring(0, 4) + "*****", "hunt*****", "ghp_*****", "hunt*****");
        assertThat(facts.toString()).doesNotContain(password).doesNotContain(ghp).doesNotContain("hunter22x");
    }

    @Test
    void aHealthcheckIsReadFromDockersConfigAndAnSbomReadBackHasNoFileFacts() throws Exception {
        new OciLayoutBuilder()
                .layer(OciLayoutBuilder.gzip(new TarBuilder().file("etc/hostname", "x\n").build()))
                .config(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("config")).putObject("Healthcheck")
                        .put("Interval", 30_000_000_000L).putArray("Test").add("CMD-SHELL").add("curl -f http://localhost/ || exit 1"))
                .write(tmp.resolve("hc"));
        Sbom sbom = catalog("oci-dir://" + tmp.resolve("hc"));
        assertThat(sbom.image().config().healthcheck()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        assertThat(sbom.configuration().filesSeen()).isTrue();

        Path cdx = tmp.resolve("image.cdx.json");
        try (var out = Files.newOutputStream(cdx)) {
            new CycloneDxWriter(dev.warden.catalog.sbom.Tool.warden()).write(sbom, out);
        }
        Sbom back = new SbomReader().read(cdx);
        assertThat(back.configuration()).isEqualTo(ConfigurationFacts.NOT_SEEN);
        assertThat(back.image().config().healthcheck()).isEmpty();
    }

    private static String random(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return s.toString();
    }

    private static void file(Path root, String path, String permissions) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + path + "\n");
        chmod(file, permissions);
    }

    private static void dir(Path root, String path, String permissions) throws IOException {
        chmod(Files.createDirectories(root.resolve(path)), permissions);
    }

    /** chmod(1) with ls-style bits: Java's POSIX permissions have no setuid, setgid or sticky. */
    private static void chmod(Path path, String ls) throws IOException {
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            char c = ls.charAt(i);
            if (c != '-' && c != 'S' && c != 'T') mode |= 1 << (8 - i);
        }
        if (ls.charAt(2) == 's' || ls.charAt(2) == 'S') mode |= 04000;
        if (ls.charAt(5) == 's' || ls.charAt(5) == 'S') mode |= 02000;
        if (ls.charAt(8) == 't' || ls.charAt(8) == 'T') mode |= 01000;
        TestImages.run(path.getParent(), "chmod", String.format("%04o", mode), path.toString());
        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString(ls.replace('s', 'x')
                .replace('t', 'x').replace('S', '-').replace('T', '-')));
    }
}
