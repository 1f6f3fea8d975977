package dev.warden.catalog.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.catalog.Catalog;
import dev.warden.core.Sbom;
import dev.warden.core.Secret;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret rules in gitleaks' format: gitleaks' own default config and test configs (copied with their licence, see
 * the README beside them) are read, their rules find what they describe, their allow-lists allow, invalid ones are
 * refused with one line, and a user's backtracking pattern cannot stall a scan.
 */
class GitleaksConfigTest {
    @TempDir
    Path tmp;

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static Path data(String name) {
        try {
            return Path.of(GitleaksConfigTest.class.getResource("gitleaks/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return s.toString();
    }

    private static List<Secret> scan(SecretRuleSet rules, Map<String, String> files) throws IOException {
        SecretScanner scanner = new SecretScanner(rules);
        for (var f : files.entrySet()) {
            byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
            scanner.scan(new FileEntry(f.getKey(), FileEntry.Kind.FILE, bytes.length, 0644, null, "sha256:l", 0),
                    new ByteArrayInputStream(bytes));
        }
        return scanner.result().secrets();
    }

    /** Every rule of gitleaks' default config reads (RE2 syntax rewritten where Java differs) and compiles. */
    @Test
    void gitleaksDefaultConfigLoadsWholeAndItsRulesFindWhatTheyDescribe() throws IOException {
        String toml = Files.readString(data("default.toml"));
        int declared = (int) toml.lines().filter(l -> l.equals("[[rules]]")).count();
        SecretRuleSet rules = GitleaksConfig.load(data("default.toml"));

        assertThat(declared).isEqualTo(222);
        assertThat(rules.rules()).hasSize(declared);
        assertThat(rules.rules()).allSatisfy(r -> assertThat(r.untrusted()).isTrue());
        assertThat(rules.allowlists()).hasSize(1);
        assertThat(rules.allowlists().get(0).paths()).hasSizeGreaterThan(20);

        Random r = new Random(14);
        String ghp = "ghp_" + random(r, ALNUM, 36);
        String glpat = "glpat-" + random(r, ALNUM, 20);
        String akia = "AKIA" + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        List<Secret> found = scan(rules, Map.of(
                "/app/deploy.sh", "#!/bin/sh\ngit clone https://x:" + ghp + "@github.com/acme/app\n",
                "/app/ci.env", "GITLAB=" + glpat + "\n",
                "/app/aws.sh", "export AWS_ACCESS_KEY_ID=" + akia + "\n",
                "/usr/lib/node_modules/pkg/test.js", "const t = '" + ghp + "';\n", // the global allowlist's path
                "/app/example.sh", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n")); // the rule's stopword/regex allowlist
        assertThat(found).extracting(Secret::path, Secret::ruleId, Secret::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/app/aws.sh", "aws-access-token", 1),
                org.assertj.core.groups.Tuple.tuple("/app/ci.env", "gitlab-pat", 1),
                org.assertj.core.groups.Tuple.tuple("/app/deploy.sh", "github-pat", 2));
        assertThat(found).extracting(Secret::match).containsExactly(akia.substring(0, 4) + "*****", "glpa*****", "ghp_*****");
        assertThat(found).allSatisfy(s -> assertThat(s.severity().id()).isEqualTo("high"));
    }

    @Test
    void entropyDecidesForTheGenericRule() throws IOException {
        SecretRuleSet generic = GitleaksConfig.load(data("generic.toml"));
        assertThat(generic.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.minEntropy()).isEqualTo(3.5);
            assertThat(rule.keywords()).contains("token", "passwd");
        });
        String random = random(new Random(3), ALNUM, 32);
        List<Secret> found = scan(generic, Map.of("/srv/a.conf", "api_token = " + random + "\n",
                "/srv/b.conf", "api_token = aaaaaaaaaabbbbbbbbbb\n")); // 1 bit per character: below 3.5
        assertThat(found).extracting(Secret::path, Secret::ruleId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/srv/a.conf", "generic-api-key"));
        assertThat(SecretValues.entropy(random)).isGreaterThan(3.5);
    }

    @Test
    void allowListsByRegexPathAndTargetRule() throws IOException {
        String fake = "AKIALALEMEL33243OLIA";
        String other = "AKIA" + random(new Random(9), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        // [[rules.allowlists]] regexes: the one listed key is allowed, another is not
        assertThat(scan(GitleaksConfig.load(data("valid-allowlist_rule_regex.toml")),
                Map.of("/a", "key=" + fake + "\n", "/b", "key=" + other + "\n"))).extracting(Secret::path).containsExactly("/b");
        // [[rules.allowlists]] paths: '.go' (a regex, so any character then "go")
        assertThat(scan(GitleaksConfig.load(data("valid-allowlist_rule_path.toml")),
                Map.of("/src/main.go", "key=" + other + "\n", "/src/main.py", "key=" + other + "\n")))
                .extracting(Secret::path).containsExactly("/src/main.py");
        // [rules.allowlist] (the old form) and a global [allowlist] with stopwords
        assertThat(scan(GitleaksConfig.load(data("valid-allowlist_rule_old_compat.toml")),
                Map.of("/x", "example123\nexample456\n"))).extracting(Secret::line).containsExactly(2);
        // [[allowlists]] with targetRules: the README path is allowed for the GitHub app and PAT rules only
        SecretRuleSet targeted = GitleaksConfig.load(data("valid-allowlist_global_target_rules.toml"));
        String ghp = "ghp_" + random(new Random(11), ALNUM, 36);
        String gho = "gho_" + random(new Random(12), ALNUM, 36);
        assertThat(scan(targeted, Map.of("/usr/lib/node_modules/@octokit/auth-token/README.md", ghp + "\n" + gho + "\n",
                "/app/fake.txt", "fake " + ghp + "\n")))
                .extracting(Secret::path, Secret::ruleId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/app/fake.txt", "github-pat"),
                        org.assertj.core.groups.Tuple.tuple("/usr/lib/node_modules/@octokit/auth-token/README.md", "github-oauth"));
    }

    @Test
    void extendUseDefaultAddsTheBuiltInRulesLessTheDisabledOnes() throws IOException {
        Path file = tmp.resolve("extend.toml");
        Files.writeString(file, """
                [extend]
                useDefault = true
                disabledRules = ["jwt", "generic-password"]

                [[rules]]
                id = "acme-internal-token"
                description = "ACME internal token"
                regex = '''\\b(acme_[a-f0-9]{32})\\b'''
                keywords = ["acme_"]
                tags = ["ACME"]

                [[rules]]
                id = "keystore-file"
                description = "A PKCS#12 keystore"
                path = '''(?i)\\.p12$'''
                """);
        SecretRuleSet rules = GitleaksConfig.load(file);
        assertThat(rules.rules()).extracting(SecretRule::id).contains("github-pat", "aws-access-key-id", "acme-internal-token",
                "keystore-file").doesNotContain("jwt", "generic-password").hasSize(SecretRules.builtin().size() - 2 + 2);
        String acme = "acme_" + random(new Random(1), "0123456789abcdef", 32);
        String ghp = "ghp_" + random(new Random(2), ALNUM, 36);
        List<Secret> found = scan(rules, Map.of("/app/a.sh", "T=" + acme + "\nG=" + ghp + "\n", "/etc/ssl/server.p12", "\u0000binary"));
        assertThat(found).extracting(Secret::path, Secret::ruleId, Secret::category).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/app/a.sh", "acme-internal-token", "ACME"),
                org.assertj.core.groups.Tuple.tuple("/app/a.sh", "github-pat", "GitHub"),
                org.assertj.core.groups.Tuple.tuple("/etc/ssl/server.p12", "keystore-file", "Custom"));
    }

    @Test
    void invalidConfigsAreRefusedWithOneLineNamingFileAndRule() throws IOException {
        assertThatThrownBy(() -> GitleaksConfig.load(data("invalid-rule_missing_id.toml"))).isInstanceOf(WardenException.class)
                .hasMessageContaining("invalid-rule_missing_id.toml").hasMessageContaining("a rule needs an id");
        assertThatThrownBy(() -> GitleaksConfig.load(data("invalid-rule_no_regex_or_path.toml")))
                .hasMessageContaining("a rule needs a regex or a path");
        assertThatThrownBy(() -> GitleaksConfig.load(data("invalid-allowlist_rule_empty.toml")))
                .hasMessageContaining("rule 'example' allowlists #1: an allowlist needs regexes, paths or stopwords");
        assertThatThrownBy(() -> GitleaksConfig.load(data("invalid-allowlist_global_old_and_new.toml")))
                .hasMessageContaining("both [allowlist] and [[allowlists]]");
        assertThatThrownBy(() -> GitleaksConfig.load(data("composite.toml")))
                .hasMessageContaining("composite rules ([[rules.required]]) are not supported");
        assertThatThrownBy(() -> GitleaksConfig.load(data("valid-extend_disabled.toml")))
                .hasMessageContaining("[extend] path/url is not supported");
        for (String bad : List.of("[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n",
                "[[rules]]\nid = \"x\"\nregex = \"a\"\nsevrity = \"high\"\n",
                "[[rules]]\nid = \"x\"\nregex = \"" + "a".repeat(SecretLimits.MAX_REGEX_CHARS + 1) + "\"\n",
                "[[rules]]\nid = \"x\"\nregex = '''(a)'''\nsecretGroup = 2\n",
                "[[rules]]\nid = \"x\"\nregex = '''a(?U)b'''\n",
                "not = [toml\n",
                "[extend]\nuseDefault = true\ndisabledRules = [\"no-such-rule\"]\n")) {
            Path file = tmp.resolve("bad.toml");
            Files.writeString(file, bad);
            assertThatThrownBy(() -> GitleaksConfig.load(file)).isInstanceOf(WardenException.class)
                    .hasMessageStartingWith("secret config " + file + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= SecretLimits.MAX_CUSTOM_RULES; i++) many.append("[[rules]]\nid = \"r").append(i).append("\"\nregex = \"x").append(i).append("\"\n");
        Path file = tmp.resolve("many.toml");
        Files.writeString(file, many);
        assertThatThrownBy(() -> GitleaksConfig.load(file)).hasMessageContaining("more than " + SecretLimits.MAX_CUSTOM_RULES + " rules");
    }

    @Test
    void re2SyntaxIsRewrittenWhereJavaReadsItOtherwise() {
        assertThat(Re2Patterns.compile("^\\${(?:[A-Z_]+|[a-z_]+)}$").matcher("${HOME}").matches()).isTrue();
        assertThat(Re2Patterns.compile("(?P<key>[[:alnum:]]{4})-(?P<rest>[[:^digit:]]+)").matcher("ab12-xyz").matches()).isTrue();
        assertThat(Re2Patterns.compile("a{,3}").matcher("a{,3}").matches()).isTrue(); // a literal in RE2
        assertThat(Re2Patterns.compile("[a&&b]+").matcher("a&&b").matches()).isTrue(); // no intersection in RE2
        assertThat(Re2Patterns.compile("[[]x").matcher("[x").matches()).isTrue();
        assertThat(Re2Patterns.compile("\\Q{a}\\E").matcher("{a}").matches()).isTrue();
        assertThat(Re2Patterns.compile("x{2,3}").matcher("xxx").matches()).isTrue();
    }

    /**
     * {@code (.*a){12}$} on a line of a's that ends otherwise backtracks in java.util.regex (13 s on JDK 25 for 26 a's, and
     * 2^n longer for more; RE2 is linear): the step budget
     * ends that file's scan with a warning, and the next file is scanned as usual.
     */
    @Test
    void aBacktrackingRuleRunsOutOfBudgetAndTheScanGoesOn() throws IOException {
        Path file = tmp.resolve("evil.toml");
        Files.writeString(file, "[[rules]]\nid = \"evil\"\nregex = '''(.*a){12}$'''\nkeywords = [\"aaaa\"]\n"
                + "[[rules]]\nid = \"token\"\nregex = '''tok_[0-9]{8}'''\nkeywords = [\"tok_\"]\n");
        SecretRuleSet rules = GitleaksConfig.load(file);
        SecretScanner scanner = new SecretScanner(rules);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            byte[] evil = ("a".repeat(40) + "!\n").getBytes(StandardCharsets.UTF_8);
            scanner.scan(new FileEntry("/evil.txt", FileEntry.Kind.FILE, evil.length, 0644, null, "", 0), new ByteArrayInputStream(evil));
            byte[] good = "tok_12345678\n".getBytes(StandardCharsets.UTF_8);
            scanner.scan(new FileEntry("/good.txt", FileEntry.Kind.FILE, good.length, 0644, null, "", 0), new ByteArrayInputStream(good));
        });
        assertThat(scanner.result().secrets()).extracting(Secret::path, Secret::ruleId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/good.txt", "token"));
        assertThat(scanner.warnings()).singleElement().asString().contains("/evil.txt").contains("steps");
    }

    /** The whole catalog with a gitleaks config: every layer's files, the rule set's ids in the findings. */
    @Test
    void theCatalogScansWithTheConfigsRules() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/app"));
        String ghp = "ghp_" + random(new Random(4), ALNUM, 36);
        Files.writeString(root.resolve("run.sh"), "TOKEN=" + ghp + "\n");
        try (ImageSource image = ImageSources.open("fs://" + tmp.resolve("root"), SourceOptions.defaults(tmp.resolve("cache")))) {
            Sbom sbom = Catalog.withDefaults(tmp.resolve("scratch")).withSecretScanning(GitleaksConfig.load(data("default.toml")))
                    .run(image.info(), image.files());
            // as in gitleaks, each rule that matches reports: the token's own rule and the generic assignment rule
            assertThat(sbom.secrets().secrets()).extracting(Secret::path, Secret::ruleId).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("/app/run.sh", "generic-api-key"),
                    org.assertj.core.groups.Tuple.tuple("/app/run.sh", "github-pat"));
        }
    }
}
