package dev.warden.match.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every upstream vector (dpkg, apt, rpm, apk-tools, Maven, packaging, node-semver) and the hand-checked spec cases. */
class UpstreamVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "deb, deb-dpkg-Dpkg_Version.tsv",
        "deb, deb-apt-versions.tsv",
        "rpm, rpm-rpmvercmp.tsv",
        "apk, apk-version.tsv",
        "maven, maven-ComparableVersionTest.tsv",
        "npm, npm-semver-comparisons.tsv",
        "golang, hand-golang.tsv",
        "nuget, hand-nuget.tsv",
        "composer, hand-composer.tsv",
        "cargo, hand-cargo.tsv",
    })
    void pairsAgree(String type, String file) {
        VersionScheme scheme = VersionSchemes.require(type);
        List<String> wrong = new ArrayList<>();
        List<Vectors.Pair> pairs = Vectors.pairs(file);
        int skipped = 0;
        for (Vectors.Pair p : pairs) {
            if (type.equals("apk") && !(scheme.isValid(p.a()) && scheme.isValid(p.b()))) {
                // apk-tools orders even invalid versions up to their first bad token; Warden refuses them
                skipped++;
                continue;
            }
            String got = Vectors.sign(scheme.compare(p.a(), p.b()));
            String reverse = Vectors.sign(scheme.compare(p.b(), p.a()));
            if (!got.equals(p.expected()) || !reverse.equals(Vectors.sign(-signOf(p.expected())))) {
                wrong.add(p.a() + " " + p.expected() + " " + p.b() + " but got " + got);
            }
        }
        System.out.printf("%s %s: %d/%d pairs agree, %d skipped (a version Warden rejects)%n",
                type, file, pairs.size() - skipped - wrong.size(), pairs.size(), skipped);
        assertThat(pairs).hasSizeGreaterThan(10);
        assertThat(skipped).as("pairs with a version Warden rejects").isLessThanOrEqualTo(pairs.size() / 20);
        assertThat(wrong).as(file).isEmpty();
    }

    /** node-semver's strict-mode equality cases; the {@code loose} ones are outside npm's default mode. */
    @Test
    void npmEqualityStrictCases() {
        VersionScheme npm = VersionSchemes.require("npm");
        List<Vectors.Pair> strict = Vectors.pairs("npm-semver-equality.tsv").stream()
                .filter(p -> p.options().isBlank()).toList();
        assertThat(strict).hasSize(3);
        for (Vectors.Pair p : strict) {
            assertThat(Vectors.sign(npm.compare(p.a(), p.b()))).as(p.toString()).isEqualTo(p.expected());
        }
        List<Vectors.Pair> loose = Vectors.pairs("npm-semver-equality.tsv").stream()
                .filter(p -> p.options().equals("loose")).toList();
        assertThat(loose).anySatisfy(p -> assertThat(npm.isValid(p.b())).isFalse());
    }

    @Test
    void npmValidAndInvalid() throws Exception {
        VersionScheme npm = VersionSchemes.require("npm");
        for (Vectors.Pair p : Vectors.pairs("npm-semver-valid.tsv")) {
            assertThat(npm.isValid(p.a())).as(p.a()).isTrue();
        }
        for (String line : Vectors.lines("npm-semver-invalid.jsonl")) {
            JsonNode n = JSON.readTree(line);
            assertThat(npm.isValid(n.get("value").asText())).as(line).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "pypi, pypi-pep440-ascending.txt",
        "maven, maven-versions_qualifier-ascending.txt",
        "maven, maven-versions_number-ascending.txt",
    })
    void ascendingListsStayInOrder(String type, String file) {
        VersionScheme scheme = VersionSchemes.require(type);
        List<String> versions = Vectors.lines(file).stream().filter(l -> !l.isEmpty()).toList();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                if (Integer.signum(scheme.compare(versions.get(i), versions.get(j))) != Integer.signum(Integer.compare(i, j))) {
                    wrong.add(versions.get(i) + " vs " + versions.get(j));
                }
            }
        }
        assertThat(versions).hasSizeGreaterThan(20);
        assertThat(wrong).as(file).isEmpty();
    }

    @Test
    void pep440NormalisedFormsAreEqual() throws Exception {
        VersionScheme pypi = VersionSchemes.require("pypi");
        List<String> lines = Vectors.lines("pypi-pep440-normalized.jsonl");
        assertThat(lines).hasSizeGreaterThan(100);
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(pypi.compare(n.get("input").asText(), n.get("normalized").asText())).as(line).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"pypi, pypi-pep440-invalid.txt", "apk, apk-invalid.txt"})
    void invalidListsAreRejected(String type, String file) {
        VersionScheme scheme = VersionSchemes.require(type);
        for (String v : Vectors.lines(file)) {
            // packaging 21.3 accepted 1.0+İ through Unicode case folding; the vector expects rejection, as do we
            assertThat(scheme.isValid(v)).as("'" + v + "'").isFalse();
        }
    }

    @Test
    void apkValidListIsAccepted() {
        VersionScheme apk = VersionSchemes.require("apk");
        for (String v : Vectors.lines("apk-valid.txt")) {
            assertThat(apk.isValid(v)).as(v).isTrue();
        }
    }

    @Test
    void handInvalidAreRejected() {
        for (String line : Vectors.lines("hand-invalid.tsv")) {
            String[] f = line.split("\t", -1);
            assertThat(VersionSchemes.require(f[0]).isValid(f[1])).as(line).isFalse();
        }
    }

    private static int signOf(String sign) {
        return switch (sign) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
    }
}
