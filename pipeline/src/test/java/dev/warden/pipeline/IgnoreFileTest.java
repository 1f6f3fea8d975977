package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ignore files as Trivy documents them (docs "Filtering": .trivyignore and .trivyignore.yaml), and Warden's own. */
class IgnoreFileTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @TempDir
    Path dir;

    private static Package pkg(String name, String version, String path) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of(), List.of(new Location(path, null)), null, "test", null, Map.of());
    }

    private static Finding finding(String id, List<String> aliases, Package pkg) {
        return new Finding(id, aliases, pkg, pkg.name(), pkg.version(), "PyPI", AffectedStatus.FIXED, List.of("9"),
                Rating.UNKNOWN, List.of(), null, null, id, "", List.of(), List.of(id), null, null);
    }

    private static final Package URLLIB3 = pkg("urllib3", "1.24.1", "/app/requirements.txt");
    private static final Package REQUESTS = pkg("requests", "2.19.0", "/srv/other/requirements.txt");

    @Test
    void trivyTextFormatWithCommentsAsReasonsAndExpiry() throws IOException {
        Path file = Files.writeString(dir.resolve(".trivyignore"), """
                # Only used behind our proxy,
                # which strips the header
                CVE-2018-25091

                CVE-2023-43804 exp:2027-01-01
                GHSA-x84v-xcm2-53pg exp:2026-12-07
                """);
        IgnoreFile ignore = IgnoreFile.read(file);
        assertThat(ignore.entries()).extracting(IgnoreFile.Entry::id).containsExactly("CVE-2018-25091", "CVE-2023-43804", "GHSA-x84v-xcm2-53pg");
        IgnoreFile.Applied applied = ignore.apply(List.of(finding("CVE-2018-25091", List.of(), URLLIB3),
                finding("CVE-2023-43804", List.of(), URLLIB3), finding("CVE-2018-18074", List.of("GHSA-x84v-xcm2-53pg"), REQUESTS),
                finding("CVE-2019-11236", List.of(), URLLIB3)), TODAY);
        List<Finding> f = applied.findings();
        assertThat(f.get(0).suppressed()).isTrue();
        VexStatement reason = f.get(0).vex().statement();
        assertThat(reason.status()).isEqualTo(VexStatus.IGNORED);
        assertThat(reason.impactStatement()).isEqualTo("Only used behind our proxy, which strips the header");
        assertThat(reason.document()).isEqualTo(file + ":3");
        assertThat(f.get(1).vex().statement().document()).isEqualTo(file + ":5 (until 2027-01-01)");
        assertThat(f.get(1).vex().statement().impactStatement()).as("a blank line ends a reason").isNull();
        // expired today: no longer applied, and said so
        assertThat(f.get(2).suppressed()).isFalse();
        assertThat(applied.warnings()).singleElement().asString()
                .isEqualTo(file + ":6: GHSA-x84v-xcm2-53pg expired on 2026-12-07 and is no longer ignored; renew or remove it");
        assertThat(f.get(3).suppressed()).isFalse();
    }

    @Test
    void trivyYamlFormatScopedByPurlAndPath() throws IOException {
        Path file = Files.writeString(dir.resolve(".trivyignore.yaml"), """
                vulnerabilities:
                  - id: CVE-2023-43804
                    purls: ["pkg:pypi/urllib3"]
                    statement: Accept the risk
                  - id: CVE-2018-18074
                    paths: ["app/**"]
                    expired_at: 2027-06-01
                  - id: CVE-2019-11236
                    purls: ["pkg:pypi/urllib3@1.26.0"]
                secrets:
                  - id: aws-access-key-id
                """);
        IgnoreFile ignore = IgnoreFile.read(file);
        IgnoreFile.Applied applied = ignore.apply(List.of(finding("CVE-2023-43804", List.of(), URLLIB3),
                finding("CVE-2023-43804", List.of(), REQUESTS), finding("CVE-2018-18074", List.of(), REQUESTS),
                finding("CVE-2019-11236", List.of(), URLLIB3)), TODAY);
        assertThat(applied.findings()).extracting(Finding::suppressed).containsExactly(true, false, false, false);
        assertThat(applied.findings().getFirst().vex().statement().impactStatement()).isEqualTo("Accept the risk");
        assertThat(applied.warnings()).singleElement().asString().contains("section 'secrets' is not applied");
        IgnoreFile.Applied inApp = ignore.apply(List.of(finding("CVE-2018-18074", List.of(), pkg("requests", "2.19.0", "/app/lib/x"))), TODAY);
        assertThat(inApp.findings().getFirst().suppressed()).as("the path glob").isTrue();
    }

    @Test
    void wardenIgnoreTakesReasonAndExpiresAndVexWins() throws IOException {
        Path file = Files.writeString(dir.resolve(".wardenignore"), """
                # accepted risks, reviewed monthly
                vulnerabilities:
                  - id: CVE-2023-43804
                    reason: not reachable from our code
                    expires: 2027-01-31
                """);
        VexStatement vex = new VexStatement("CVE-2023-43804", List.of(), List.of(), List.of(), VexStatus.NOT_AFFECTED,
                "vulnerable_code_not_present", null, null, null, "team.vex.json");
        Finding byVex = finding("CVE-2023-43804", List.of(), URLLIB3).withVex(new VexDecision(vex, URLLIB3.purl()));
        IgnoreFile.Applied applied = IgnoreFile.read(file).apply(List.of(byVex, finding("CVE-2023-43804", List.of(), REQUESTS)), TODAY);
        assertThat(applied.findings().get(0).vex().statement()).isSameAs(vex);
        assertThat(applied.findings().get(1).vex().statement().impactStatement()).isEqualTo("not reachable from our code");
        assertThat(applied.findings().get(1).vex().statement().document()).endsWith("vulnerabilities[1] (until 2027-01-31)");
    }

    @Test
    void mistakesAreOneLineNamingTheFile() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "vulnerabilities:\n  - id: CVE-1\n    expiry: 2027-01-01\n");
        assertThatThrownBy(() -> IgnoreFile.read(typo)).isInstanceOf(WardenException.class)
                .hasMessageStartingWith(typo + ": vulnerabilities[1]: unknown key 'expiry'");
        Path badDate = Files.writeString(dir.resolve(".trivyignore"), "CVE-1 exp:next-week\n");
        assertThatThrownBy(() -> IgnoreFile.read(badDate)).isInstanceOf(WardenException.class)
                .hasMessage(badDate + ":1: expiry 'next-week' is not a date (YYYY-MM-DD)");
        Path big = Files.write(dir.resolve("big"), new byte[(int) IgnoreFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> IgnoreFile.read(big)).isInstanceOf(WardenException.class).hasMessageContaining("larger than the limit");
        assertThatThrownBy(() -> IgnoreFile.read(dir.resolve("absent"))).isInstanceOf(WardenException.class)
                .hasMessage("--ignorefile " + dir.resolve("absent") + ": no such file");
    }

    @Test
    void theWorkingDirectorysFileIsFoundAsTrivyFindsIt() throws IOException {
        assertThat(IgnoreFile.findIn(dir)).isEmpty();
        Files.writeString(dir.resolve(".trivyignore"), "CVE-1\n");
        assertThat(IgnoreFile.findIn(dir)).contains(dir.resolve(".trivyignore"));
        Files.writeString(dir.resolve(".wardenignore"), "vulnerabilities: []\n");
        assertThat(IgnoreFile.findIn(dir)).contains(dir.resolve(".wardenignore"));
    }
}
