package dev.warden.catalog.secret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Secrets of every built-in rule's shape, made up at run time from a seeded random generator: realistic enough
 * for the rules, useless for anything else, and never written into the repository as literals.
 */
final class PlantedSecrets {
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String BASE64 = ALNUM + "+/";
    static final String URLSAFE = ALNUM + "_-";

    private final Random random = new Random(20261129);

    String of(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Rule id to a line of a file that holds the secret, and the secret itself. */
    record Plant(String ruleId, String file, String line, String secret) {}

    Map<String, Plant> all() {
        Map<String, Plant> plants = new LinkedHashMap<>();
        String akia = "AKIA" + of(UPPER, 16);
        plants.put("aws-access-key-id", new Plant("aws-access-key-id", "/app/aws.sh", "export AWS_ACCESS_KEY_ID=" + akia, akia));
        String awsSecret = of(BASE64, 40);
        plants.put("aws-secret-access-key", new Plant("aws-secret-access-key", "/root/.aws/credentials",
                "aws_secret_access_key = " + awsSecret, awsSecret));
        String ghp = "ghp_" + of(ALNUM, 36);
        plants.put("github-pat", new Plant("github-pat", "/app/deploy.py", "TOKEN = '" + ghp + "'", ghp));
        String fine = "github_pat_" + of(ALNUM + "_", 82);
        plants.put("github-fine-grained-pat", new Plant("github-fine-grained-pat", "/app/ci.sh", "gh auth login --with-token <<< " + fine, fine));
        String glpat = "glpat-" + of(URLSAFE, 20);
        plants.put("gitlab-pat", new Plant("gitlab-pat", "/app/gitlab.txt", "private token: " + glpat, glpat));
        String slack = "xoxb-" + of("0123456789", 12) + "-" + of("0123456789", 13) + "-" + of(ALNUM, 24);
        plants.put("slack-token", new Plant("slack-token", "/app/bot.js", "const slack = new WebClient(\"" + slack + "\");", slack));
        String hook = "T" + of(UPPER, 8) + "/B" + of(UPPER, 10) + "/" + of(ALNUM, 24);
        plants.put("slack-webhook-url", new Plant("slack-webhook-url", "/app/notify.sh",
                "curl -X POST https://hooks.slack.com/services/" + hook + " -d @msg.json", hook));
        String stripe = "sk_live_" + of(ALNUM, 24);
        plants.put("stripe-secret-key", new Plant("stripe-secret-key", "/app/pay.rb", "Stripe.api_key = '" + stripe + "'", stripe));
        String google = "AIza" + of(URLSAFE, 35);
        plants.put("google-api-key", new Plant("google-api-key", "/srv/www/maps.html", "<script src=\"https://maps.example.org/api/js?key=" + google + "\"></script>", google));
        String npm = "npm_" + of(ALNUM, 36);
        plants.put("npm-access-token", new Plant("npm-access-token", "/root/.npmrc", "//registry.npmjs.org/:_authToken=" + npm, npm));
        String pypi = "pypi-AgEIcHlwaS5vcmc" + of(URLSAFE, 60);
        plants.put("pypi-upload-token", new Plant("pypi-upload-token", "/root/.pypirc", "password = " + pypi, pypi));
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI" + of(URLSAFE, 20) + "." + of(URLSAFE, 43);
        plants.put("jwt", new Plant("jwt", "/app/client.sh", "curl -H 'Authorization: Bearer " + jwt + "' https://api.internal/", jwt));
        String password = of(ALNUM + "!%&@", 20);
        plants.put("generic-password", new Plant("generic-password", "/app/.env", "DB_PASSWORD=" + password, password));
        return plants;
    }
}
