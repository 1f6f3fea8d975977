package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipRequirementsCatalogerTest {
    /** pip's own syntax, from pip's "Requirements File Format" documentation: every form a pinned line takes. */
    @Test
    void readsPinnedLinesAsPipDoesAndWarnsOfTheRest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), """
                # comment
                --index-url https://pypi.org/simple
                -r requirements/base.in
                -c constraints.txt
                requests[security,socks]==2.31.0 ; python_version >= "3.8"  # trailing comment
                Django===4.2.7
                urllib3==2.0.7 \\
                    --hash=sha256:c97dfde1f7bd43a71c8d2a58e369e9b2bf692d1334ea9f9cae55add7d0dd0f84 \\
                    --hash=sha256:fdb6d215c776278489906c2f8916e6e7d4f5a9b602ccbcfdf7f016fc8da0596e
                zope.interface == 6.1
                MarkupSafe>2.0.0
                flask
                numpy==1.*
                -e ./local-package
                """);
        Files.createDirectories(dir.resolve("requirements"));
        Files.writeString(dir.resolve("requirements/base.in"), "-r ../requirements-extra.txt\nsix==1.16.0\n");
        Files.writeString(dir.resolve("requirements-extra.txt"), "attrs==23.1.0\n");
        Files.writeString(dir.resolve("constraints.txt"), "idna==3.4\n");

        HostFiles.Result result = HostFiles.run(new PipRequirementsCataloger(), dir);

        assertThat(result.packages()).extracting(p -> dir.relativize(Path.of(p.locations().getFirst().path())) + " " + p.name() + "@" + p.version())
                .containsExactlyInAnyOrder("requirements.txt requests@2.31.0", "requirements.txt Django@4.2.7",
                        "requirements.txt urllib3@2.0.7", "requirements.txt zope.interface@6.1",
                        "requirements/base.in six@1.16.0", "requirements-extra.txt attrs@23.1.0");
        Package requests = result.packages().stream().filter(p -> p.name().equals("requests")).findFirst().orElseThrow();
        assertThat(requests.purl()).isEqualTo("pkg:pypi/requests@2.31.0");
        assertThat(requests.properties()).containsEntry("python:extras", "security,socks")
                .containsEntry("python:marker", "python_version >= \"3.8\"").containsEntry(PackageProperties.RELATIONSHIP, Declared.DIRECT);
        assertThat(result.warnings()).singleElement().asString()
                .contains("requirements.txt: 4 requirement(s) without an exact version").contains("MarkupSafe>2.0.0");
    }

    @Test
    void includesStayInTheTreeAndStopAtTheDepthLimit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "-r ../../etc/passwd\n-r inc0.txt\n-r https://example.com/r.txt\n");
        for (int i = 0; i <= LangLimits.MAX_REQUIREMENTS_INCLUDE_DEPTH + 1; i++) {
            Files.writeString(dir.resolve("inc" + i + ".txt"), "-r inc" + (i + 1) + ".txt\npkg" + i + "==1.0\n");
        }
        Files.writeString(dir.resolve("loop-requirements.txt"), "-r loop-requirements.txt\nlooped==1.0\n");

        HostFiles.Result result = HostFiles.run(new PipRequirementsCataloger(), dir);

        List<String> names = result.packages().stream().map(Package::name).toList();
        assertThat(names).contains("pkg0", "pkg" + (LangLimits.MAX_REQUIREMENTS_INCLUDE_DEPTH - 1), "looped")
                .doesNotContain("pkg" + (LangLimits.MAX_REQUIREMENTS_INCLUDE_DEPTH + 1));
        assertThat(String.join("\n", result.warnings())).contains("nested deeper than").contains("outside the tree or at a URL");
    }
}
