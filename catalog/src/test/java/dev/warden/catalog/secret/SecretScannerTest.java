package dev.warden.catalog.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.core.Sbom;
import dev.warden.core.Secret;
import dev.warden.core.SecretScan;
import dev.warden.image.FileEntry;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets planted in real filesystems (a folder, an OCI image made by umoci) and found by the catalog's one pass. */
class SecretScannerTest {
    @TempDir
    Path tmp;

    private final PlantedSecrets planted = new PlantedSecrets();

    /** Writes {@code content} at {@code path} (absolute in the image) under {@code root}. */
    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Sbom scan(String source) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(tmp.resolve("cache")))) {
            return Catalog.withDefaults(tmp.resolve("scratch")).withSecretScanning().run(image.info(), image.files());
        }
    }

    @Tag("live") // umoci, tar build the image (TestImages)
    @Test
    void everyRuleIsFoundOnItsLineRedacted() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Map<String, PlantedSecrets.Plant> plants = planted.all();
        Path key = tmp.resolve("id_rsa");
        // a real key from a real tool; its public half and a certificate must not be reported
        TestImages.run(tmp, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", key.toString());
        String pem = Files.readString(key);
        for (PlantedSecrets.Plant p : plants.values()) {
            // two lines of filler first, so the secret sits on line 3
            write(root, p.file(), "# config\n\n" + p.line() + "\nend\n");
        }
        // a bare key, indented in YAML
        String yamlPassword = planted.of(PlantedSecrets.ALNUM, 18);
        write(root, "/app/config.yml", "db:\n  host: db\n  password: " + yamlPassword + "\n");
        write(root, "/home/app/.ssh/id_rsa", "\n" + pem);
        String[] body = pem.split("\n");
        // a cloud service account file holds the key in a JSON string, line breaks escaped
        write(root, "/app/service-account.json", "{\"type\": \"service_account\", \"private_key\": \"" + pem.replace("\n", "\\n") + "\"}\n");

        Sbom sbom = scan("fs://" + root);

        assertThat(sbom.secrets().scanned()).isTrue();
        List<Secret> secrets = sbom.secrets().secrets();
        for (PlantedSecrets.Plant p : plants.values()) {
            assertThat(secrets).as(p.ruleId()).filteredOn(s -> s.path().equals(p.file()))
                    .extracting(Secret::ruleId, Secret::line, Secret::match)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(p.ruleId(), 3, p.secret().substring(0, 4) + "*****"));
        }
        assertThat(secrets).filteredOn(s -> s.path().equals("/home/app/.ssh/id_rsa"))
                .extracting(Secret::ruleId, Secret::line, Secret::match)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("private-key", 2, body[1].substring(0, 4) + "*****"));
        assertThat(secrets).filteredOn(s -> s.path().equals("/app/service-account.json"))
                .extracting(Secret::ruleId, Secret::line, Secret::match)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("private-key", 1, body[1].substring(0, 4) + "*****"));
        assertThat(secrets).filteredOn(s -> s.path().equals("/app/config.yml"))
                .extracting(Secret::ruleId, Secret::line, Secret::match)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("generic-password", 3, yamlPassword.substring(0, 4) + "*****"));
        assertThat(secrets).hasSize(plants.size() + 3);
        // the secret itself is nowhere in what the catalog returns
        String everything = sbom.toString();
        for (PlantedSecrets.Plant p : plants.values()) {
            assertThat(everything).doesNotContain(p.secret()).doesNotContain(p.secret().substring(0, 10));
        }
        assertThat(everything).doesNotContain(body[1]);
    }

    @Tag("live") // umoci, tar build the image (TestImages)
    @Test
    void lookAlikesAreNotSecrets() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path key = tmp.resolve("key.pem");
        TestImages.run(tmp, "openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=warden", "-days", "1",
                "-keyout", key.toString(), "-out", tmp.resolve("cert.pem").toString());
        TestImages.run(tmp, "openssl", "pkey", "-in", key.toString(), "-pubout", "-out", tmp.resolve("pub.pem").toString());
        write(root, "/etc/app/cert.pem", Files.readString(tmp.resolve("cert.pem")));
        write(root, "/etc/app/pub.pem", Files.readString(tmp.resolve("pub.pem")));
        String upper16 = planted.of(PlantedSecrets.UPPER, 16);
        write(root, "/app/lookalikes.txt", String.join("\n",
                "id = AKIAIOSFODNN7EXAMPLE",                               // AWS's documented example key
                "secret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",       // and its secret
                "word = XAKIA" + upper16,                                  // inside a longer word
                "short = AKIA" + upper16.substring(1),                     // 15 characters after AKIA
                "long = AKIA" + upper16 + "Q",                             // 17
                "jwt = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl", // no "token" word: 'jwt = ' is the word... see below
                ""));
        // the JWT rule needs a word beside it; this line has none
        write(root, "/app/blob.txt", "data: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl\n");
        // a PEM parser's source names the header without a key after it
        write(root, "/app/pem.py", "HEADER = '-----BEGIN RSA PRIVATE KEY-----'\nif line == HEADER:\n    read_key()\n");
        // passwords outside config files, placeholders, variables, low entropy
        write(root, "/app/settings.py", "password = '" + planted.of(PlantedSecrets.ALNUM, 20) + "'\n");
        write(root, "/app/config.yaml", String.join("\n", "password: changeme12345", "db_password: ${DB_PASSWORD}",
                "api_key: {{ .Values.apiKey }}", "secret: aaaaaaaaaaaaaaaa", "password_file: /run/secrets/db-password-file",
                // seen in google-cloud-sdk's data files: command lines in docs, ARN patterns, regexes
                "example: gcloud create --admin-password=" + planted.of(PlantedSecrets.ALNUM, 16),
                "\"pattern\":\"^arn:aws:secretsmanager:[a-z0-9-]*:\\\\d{12}:secret:[0-9A-Za-z_/-]*$\"",
                "doc: arn:aws:secretsmanager:us-east-1:012345678901:secret:" + planted.of(PlantedSecrets.ALNUM, 16),
                "client_secret: ^[A-Za-z0-9]{32}(x|y)$", ""));
        // test suites and their fixtures ship real keys on purpose
        write(root, "/usr/lib/python3/dist-packages/google/auth/tests/data/service.json",
                "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + planted.of(PlantedSecrets.BASE64, 64) + "\\n\"}\n");

        List<Secret> secrets = scan("fs://" + root).secrets().secrets();

        // the JWT on 'jwt = ...' has its word: that one is found, the blob's is not
        assertThat(secrets).extracting(Secret::path, Secret::ruleId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/app/lookalikes.txt", "jwt"));
    }

    @Test
    void binaryOversizedAndPackageManagerFilesAreSkipped() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        PlantedSecrets.Plant p = planted.all().get("github-pat");
        byte[] binary = (p.line() + "\n\0\n" + p.line() + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(root.resolve("app"));
        Files.write(root.resolve("app/tool"), binary);
        // one byte over the limit, the secret in the first line
        try (OutputStream out = Files.newOutputStream(root.resolve("app/big.log"))) {
            out.write((p.line() + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[1 << 20];
            java.util.Arrays.fill(filler, (byte) 'x');
            for (long written = p.line().length() + 1; written <= SecretLimits.MAX_FILE_BYTES; written += filler.length) {
                out.write(filler, 0, (int) Math.min(filler.length, SecretLimits.MAX_FILE_BYTES + 1 - written));
            }
        }
        assertThat(Files.size(root.resolve("app/big.log"))).isEqualTo(SecretLimits.MAX_FILE_BYTES + 1);
        for (String skipped : List.of("/usr/share/doc/app/README", "/usr/lib/python3.11/test/keys.py", "/app/tests/fixtures/token.txt", "/srv/node_modules/x/index.js",
                "/var/lib/dpkg/info/app.postinst", "/app/package-lock.json", "/app/notes.md", "/usr/local/go/src/crypto/tls/t.go")) {
            write(root, skipped, p.line() + "\n");
        }
        write(root, "/app/kept.sh", p.line() + "\n");

        List<Secret> secrets = scan("fs://" + root).secrets().secrets();

        assertThat(secrets).extracting(Secret::path).containsExactly("/app/kept.sh");
    }

    /**
     * Every layer is scanned: a secret a later layer deleted (a whiteout), replaced, or hid under an opaque directory
     * is still in the image, and is reported with the layer that holds it. The image is made by umoci from plain tars
     * holding OCI whiteout files, as image builders write them.
     */
    @Tag("live") // umoci, tar build the image (TestImages)
    @Test
    void secretsInEveryLayerNameTheLayerThatHoldsThem() throws IOException {
        Map<String, PlantedSecrets.Plant> plants = planted.all();
        PlantedSecrets.Plant aws = plants.get("aws-access-key-id");
        PlantedSecrets.Plant npm = plants.get("npm-access-token");
        PlantedSecrets.Plant github = plants.get("github-pat");
        Path layout = tmp.resolve("oci");
        Path l1 = Files.createDirectories(tmp.resolve("l1"));
        Path l2 = Files.createDirectories(tmp.resolve("l2"));
        write(l1, "/app/aws.sh", "#!/bin/sh\n" + aws.line() + "\n");
        write(l1, "/app/old.sh", aws.line() + "\n");
        write(l1, "/app/settings.env", "# build\n" + github.line() + "\n");
        write(l1, "/srv/conf/token.txt", npm.line() + "\n");
        write(l1, "/app/clean.txt", "nothing here\n");
        write(l2, "/root/.npmrc", npm.line() + "\n");
        write(l2, "/app/.wh.old.sh", ""); // deleted in layer 2: not in the final filesystem, still in layer 1
        write(l2, "/app/settings.env", "# build\nTOKEN=${GITHUB_TOKEN}\n"); // replaced by a clean file
        write(l2, "/srv/conf/.wh..wh..opq", ""); // the directory made opaque: layer 1's files below it are hidden
        write(l2, "/app/.wh.clean.txt", ""); // a deleted file without secrets: nothing to say
        TestImages.run(tmp, "umoci", "init", "--layout", layout.toString());
        TestImages.run(tmp, "umoci", "new", "--image", layout + ":t");
        TestImages.run(tmp, "tar", "-C", l1.toString(), "-cf", tmp.resolve("l1.tar").toString(), ".");
        TestImages.run(tmp, "tar", "-C", l2.toString(), "-cf", tmp.resolve("l2.tar").toString(), ".");
        TestImages.run(tmp, "umoci", "raw", "add-layer", "--image", layout + ":t", tmp.resolve("l1.tar").toString());
        TestImages.run(tmp, "umoci", "raw", "add-layer", "--image", layout + ":t", tmp.resolve("l2.tar").toString());

        Sbom sbom = scan("oci-dir://" + layout + ":t");

        String layer1 = sbom.image().layers().get(0).diffId();
        String layer2 = sbom.image().layers().get(1).diffId();
        var expected = List.of(
                org.assertj.core.groups.Tuple.tuple("/app/aws.sh", 2, layer1, false),
                org.assertj.core.groups.Tuple.tuple("/app/old.sh", 1, layer1, true),
                org.assertj.core.groups.Tuple.tuple("/app/settings.env", 2, layer1, true),
                org.assertj.core.groups.Tuple.tuple("/root/.npmrc", 1, layer2, false),
                org.assertj.core.groups.Tuple.tuple("/srv/conf/token.txt", 1, layer1, true));
        assertThat(sbom.secrets().secrets()).extracting(Secret::path, Secret::line, Secret::layerDiffId, Secret::removedLater)
                .containsExactlyElementsOf(expected);
        // the final filesystem is unchanged: the hidden files are read for secrets only
        assertThat(sbom.image().layers()).hasSize(2);

        // again with the layers' cache filled by the first scan: the same findings
        assertThat(scan("oci-dir://" + layout + ":t").secrets().secrets())
                .extracting(Secret::path, Secret::line, Secret::layerDiffId, Secret::removedLater).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutSecretScanningNothingIsScanned() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root, "/app/kept.sh", planted.all().get("github-pat").line() + "\n");
        try (ImageSource image = ImageSources.open("fs://" + root, SourceOptions.defaults(tmp.resolve("cache")))) {
            Sbom sbom = Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
            assertThat(sbom.secrets()).isEqualTo(SecretScan.NOT_SCANNED);
        }
    }

    @Test
    void aLongLineIsScannedInPiecesAndAMatchAcrossAPieceBoundaryIsFoundOnce() throws IOException {
        PlantedSecrets.Plant p = planted.all().get("stripe-secret-key");
        SecretScanner scanner = SecretScanner.withBuiltinRules();
        StringBuilder line = new StringBuilder();
        // the token straddles the first piece's end, and sits in the overlap the next piece starts with
        line.append("x".repeat(SecretLimits.MAX_CHUNK_BYTES - 10)).append(' ').append(p.secret()).append(' ');
        line.append("y".repeat(SecretLimits.MAX_CHUNK_BYTES * 3)).append(' ').append(p.secret()).append('\n');
        scanner.scan(file("/app/min.js", line.length()), new ByteArrayInputStream(line.toString().getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(scanner.result().secrets()).extracting(Secret::ruleId, Secret::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stripe-secret-key", 1), org.assertj.core.groups.Tuple.tuple("stripe-secret-key", 1));
    }

    @Test
    void hostileFilesFinishQuicklyInBoundedMemory() throws IOException {
        SecretScanner scanner = SecretScanner.withBuiltinRules();
        // 200 MiB on one line from an entry that claims to be small: scanning stops at the size limit
        long start = System.nanoTime();
        scanner.scan(file("/app/one-line", 10), new Repeating("a".getBytes(StandardCharsets.US_ASCII), 200L << 20));
        Duration oneLine = Duration.ofNanos(System.nanoTime() - start);
        // millions of short lines, under the limit
        start = System.nanoTime();
        scanner.scan(file("/app/short-lines", SecretLimits.MAX_FILE_BYTES), new Repeating("a\n".getBytes(StandardCharsets.US_ASCII), SecretLimits.MAX_FILE_BYTES));
        Duration shortLines = Duration.ofNanos(System.nanoTime() - start);
        // and many findings in one file: cut at the per-file limit, with a warning naming the file
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append("AKIA").append(planted.of(PlantedSecrets.UPPER, 16)).append('\n');
        }
        scanner.scan(file("/app/keys.txt", many.length()), new ByteArrayInputStream(many.toString().getBytes(StandardCharsets.US_ASCII)));

        System.out.printf("hostile: 200 MiB line %d ms, %d short lines %d ms%n", oneLine.toMillis(), SecretLimits.MAX_FILE_BYTES / 2, shortLines.toMillis());
        assertThat(oneLine).isLessThan(Duration.ofSeconds(10));
        assertThat(shortLines).isLessThan(Duration.ofSeconds(20));
        assertThat(scanner.result().secrets()).hasSize(SecretLimits.MAX_FINDINGS_PER_FILE);
        assertThat(scanner.warnings()).containsExactly("secrets: /app/keys.txt: " + SecretLimits.MAX_FINDINGS_PER_FILE
                + " secrets found; the rest of the file not scanned");
    }

    @Test
    void aRuleThatTripsOnAFileGivesOneWarningNamingItAndTheScanGoesOn() throws IOException {
        // a rule naming a group its pattern lacks throws on its first match
        SecretRule broken = new SecretRule("broken", "Test", dev.warden.core.finding.SeverityLevel.LOW, "broken", List.of("boom"),
                java.util.regex.Pattern.compile("boom[0-9]{12}"), 3, null, false, 0, null);
        SecretScanner scanner = new SecretScanner(List.of(broken, SecretRules.builtin().get(0)));
        String akia = "AKIA" + planted.of(PlantedSecrets.UPPER, 16);
        String text = "boom123456789012\n" + "x".repeat(SecretLimits.BINARY_PROBE_BYTES) + "\n";
        scanner.scan(file("/app/bad.txt", text.length()), new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        scanner.scan(file("/app/good.txt", 30), new ByteArrayInputStream(("id " + akia + "\n").getBytes(StandardCharsets.US_ASCII)));
        assertThat(scanner.warnings()).containsExactly("secrets: /app/bad.txt: not scanned for secrets: IndexOutOfBoundsException");
        assertThat(scanner.result().secrets()).extracting(Secret::path).containsExactly("/app/good.txt");
    }

    @Test
    void aTeeSkipsOnceTheFileIsBinaryAndScansWhatItSkipsInText() throws IOException {
        SecretScanner scanner = SecretScanner.withBuiltinRules();
        byte[] binary = new byte[1 << 20]; // NUL bytes
        long[] skipped = {0};
        InputStream seekable = new ByteArrayInputStream(binary) {
            @Override
            public synchronized long skip(long n) {
                long s = super.skip(n);
                skipped[0] += s;
                return s;
            }
        };
        SecretScanner.FileScan.Tee tee = scanner.open(file("/app/tool", binary.length)).tee(seekable);
        tee.readNBytes(SecretLimits.BINARY_PROBE_BYTES);
        tee.skipNBytes(512 << 10);
        assertThat(skipped[0]).as("passed on to the file").isEqualTo(512 << 10);
        tee.drain();

        String akia = "AKIA" + planted.of(PlantedSecrets.UPPER, 16);
        byte[] text = ("x\n".repeat(10_000) + "id " + akia + "\n").getBytes(StandardCharsets.US_ASCII);
        SecretScanner.FileScan.Tee textTee = scanner.open(file("/app/notes.txt", text.length)).tee(new ByteArrayInputStream(text));
        textTee.skipNBytes(text.length - 1);
        textTee.drain();
        assertThat(scanner.result().secrets()).extracting(Secret::path).containsExactly("/app/notes.txt");
    }

    private static FileEntry file(String path, long size) {
        return new FileEntry(path, FileEntry.Kind.FILE, size, 0644, null, "", 0);
    }

    /** {@code total} bytes of a repeated pattern, made as they are read. */
    private static final class Repeating extends InputStream {
        private final byte[] pattern;
        private final long total;
        private long position;

        Repeating(byte[] pattern, long total) {
            this.pattern = pattern;
            this.total = total;
        }

        @Override
        public int read() {
            return position < total ? pattern[(int) (position++ % pattern.length)] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= total) return -1;
            int n = (int) Math.min(len, total - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[(int) (position++ % pattern.length)];
            }
            return n;
        }
    }
}
