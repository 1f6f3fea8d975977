package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import dev.warden.report.ReportFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret scanning from the command line on an OCI image made by umoci with secrets planted in two layers:
 * {@code scan --scanners vuln,secret} in every report format (the secret itself never printed), the default
 * {@code scan} (not scanned), and the secrets policy of {@code policy} (violated, allow-listed, no data for an SBOM).
 */
@Tag("live") // umoci builds the image with planted secrets (TestImages)
class SecretScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @TempDir
    static Path shared;

    private static String image;
    private static String github;
    private static String npm;
    private static String password;

    /** Made up at run time: nothing secret-shaped is written into the repository. */
    private static String random(Random r, String alphabet, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @BeforeAll
    static void plantedImage() throws IOException {
        Random r = new Random(5);
        github = "ghp_" + random(r, ALNUM, 36);
        npm = "npm_" + random(r, ALNUM, 36);
        password = random(r, ALNUM + "!%&", 24);
        Path l1 = Files.createDirectories(shared.resolve("l1"));
        Path l2 = Files.createDirectories(shared.resolve("l2"));
        write(l1, "app/deploy.sh", "#!/bin/sh\n# push the release\ngit push https://x:" + github + "@github.com/acme/app.git\n");
        write(l1, "app/config.yaml", "db:\n  host: db.internal\n  password: " + password + "\n");
        write(l2, "root/.npmrc", "//registry.npmjs.org/:_authToken=" + npm + "\n");
        Path layout = shared.resolve("oci");
        TestImages.run(shared, "umoci", "init", "--layout", layout.toString());
        TestImages.run(shared, "umoci", "new", "--image", layout + ":app");
        TestImages.run(shared, "tar", "-C", l1.toString(), "-cf", shared.resolve("l1.tar").toString(), ".");
        TestImages.run(shared, "tar", "-C", l2.toString(), "-cf", shared.resolve("l2.tar").toString(), ".");
        TestImages.run(shared, "umoci", "raw", "add-layer", "--image", layout + ":app", shared.resolve("l1.tar").toString());
        TestImages.run(shared, "umoci", "raw", "add-layer", "--image", layout + ":app", shared.resolve("l2.tar").toString());
        image = "oci-dir://" + layout + ":app";
    }

    /** scan and policy, offline (the shipped snapshot is enough: this image has no packages). */
    private static Run warden(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[all.length - 1] = "--offline";
        return local(all);
    }

    private static Run local(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = shared.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new InProcessWarden(shared.resolve("cache")).run(all);
    }

    private static void assertNoSecretIn(Run run) {
        for (String secret : List.of(github, npm, password)) {
            // not even most of it: only the first four characters may appear
            assertThat(run.out() + run.err()).doesNotContain(secret.substring(0, 8));
        }
    }

    @Test
    void scanWithSecretScannerListsEachSecretRedactedWithItsLayer() throws Exception {
        Run run = warden("scan", image, "--scanners", "vuln,secret", "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertNoSecretIn(run);
        JsonNode doc = JSON.readTree(run.out());
        JsonNode secrets = doc.path("secrets");
        assertThat(secrets).hasSize(3);
        assertThat(secrets.findValuesAsText("path")).containsExactly("/app/config.yaml", "/app/deploy.sh", "/root/.npmrc");
        assertThat(secrets.findValuesAsText("ruleId")).containsExactly("generic-password", "github-pat", "npm-access-token");
        assertThat(secrets.findValues("line")).extracting(JsonNode::asInt).containsExactly(3, 3, 1);
        assertThat(secrets.findValuesAsText("match")).containsExactly(password.substring(0, 4) + "*****",
                github.substring(0, 4) + "*****", npm.substring(0, 4) + "*****");
        // the layer that wrote each file, as the image's own JSON names them
        Run inspect = local("image", "inspect", image, "--format", "json");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        List<String> diffIds = JSON.readTree(inspect.out()).findValuesAsText("diffId");
        assertThat(secrets.findValuesAsText("layerDiffId")).containsExactly(diffIds.get(0), diffIds.get(0), diffIds.get(1));
    }

    @Test
    void noFormatPrintsTheSecret() {
        for (String format : ReportFormats.ids()) {
            Run run = warden("scan", image, "--scanners", "vuln,secret", "--format", format);
            assertThat(run.exit()).as(format + ": " + run.err()).isZero();
            assertNoSecretIn(run);
        }
        Run table = warden("scan", image, "--scanners", "secret");
        assertThat(table.out()).contains("Secrets: 3", "/app/deploy.sh:3", github.substring(0, 4) + "*****");
    }

    /** {@code --secret-config}: gitleaks' format, the built-in rules kept, one of them disabled, a path allow-listed. */
    @Test
    void aGitleaksConfigChangesWhatIsFoundAndABadOneIsRefusedBeforeTheScan() throws Exception {
        Path config = shared.resolve("gitleaks.toml");
        Files.writeString(config, """
                [extend]
                useDefault = true
                disabledRules = ["npm-access-token"]

                [[rules]]
                id = "push-url-credentials"
                description = "Credentials in a git push URL"
                regex = '''https://[^:/\\s]+:([^@\\s]+)@github\\.com'''
                keywords = ["@github.com"]

                [[allowlists]]
                description = "the test config"
                paths = ['''^/app/config\\.yaml$''']
                """);
        Run run = warden("scan", image, "--scanners", "secret", "--format", "json", "--secret-config", config.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertNoSecretIn(run);
        JsonNode secrets = JSON.readTree(run.out()).path("secrets");
        // config.yaml's password is allowed; with npm's own rule disabled, the generic assignment rule finds the token
        assertThat(secrets.findValuesAsText("ruleId")).containsExactly("github-pat", "push-url-credentials", "generic-password");
        assertThat(secrets.findValuesAsText("path")).containsExactly("/app/deploy.sh", "/app/deploy.sh", "/root/.npmrc");

        Path bad = shared.resolve("bad.toml");
        Files.writeString(bad, "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n");
        Run refused = warden("scan", image, "--scanners", "secret", "--secret-config", bad.toString());
        assertThat(refused.exit()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(refused.err().strip()).startsWith("warden: secret config " + bad + ": rule 'x' regex: not a valid regular expression")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void theDefaultScanDoesNotLookForSecrets() throws Exception {
        Run run = warden("scan", image, "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).path("secrets").isNull()).isTrue();
        Run bad = warden("scan", image, "--scanners", "vuln,license");
        assertThat(bad.exit()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("--scanners takes vuln and secret, got 'license'");
    }

    @Test
    void theSecretsPolicyIsViolatedAllowListedOrWithoutDataForAnSbom() throws Exception {
        Path policy = shared.resolve("secrets.yaml");
        Files.writeString(policy, "version: 1\npolicies:\n  - type: secrets\n    weight: 10\n");
        Run violated = warden("policy", image, "--policy", policy.toString(), "--exit-code", "--allow-sample-db");
        assertThat(violated.exit()).as(violated.err()).isEqualTo(Cli.EXIT_FINDINGS);
        assertNoSecretIn(violated);
        assertThat(violated.out()).contains("violated   No secrets", "- /app/deploy.sh:3: github-pat (critical), layer sha256:",
                "- /root/.npmrc:1: npm-access-token (critical)", "- /app/config.yaml:3: generic-password (high)");

        Run quickview = warden("quickview", image, "--policy", policy.toString());
        assertThat(quickview.exit()).as(quickview.err()).isZero();
        assertNoSecretIn(quickview);
        assertThat(quickview.out()).contains("secrets     3 found (list them: warden scan " + image + " --scanners secret)");
        // without a secrets policy nothing is scanned, and quickview says nothing about secrets
        assertThat(warden("quickview", image).out()).doesNotContain("secrets");

        Path allowing = shared.resolve("allowing.yaml");
        Files.writeString(allowing, "version: 1\npolicies:\n  - type: secrets\n    allow_paths: ['/app/**']\n    allow_rules: [npm-access-token]\n");
        Run allowed = warden("policy", image, "--policy", allowing.toString(), "--format", "json");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(JSON.readTree(allowed.out()).path("results").get(0).path("status").asText()).isEqualTo("COMPLIANT");

        Path sbom = shared.resolve("app.cdx.json");
        Run made = local("sbom", image, "--format", "cyclonedx-json", "-o", sbom.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        Run noData = warden("policy", "sbom://" + sbom, "--policy", policy.toString(), "--format", "json");
        assertThat(noData.exit()).as(noData.err()).isZero();
        JsonNode result = JSON.readTree(noData.out()).path("results").get(0);
        assertThat(result.path("status").asText()).isEqualTo("NO_DATA");
        assertThat(result.path("missingData").asText()).contains("not scanned");
    }
}
