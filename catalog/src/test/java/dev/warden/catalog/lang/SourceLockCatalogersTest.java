package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Cataloger;
import dev.warden.catalog.testing.CatalogerTester;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-file catalogers on their fixtures (src/test/resources/source-locks, README there says how each was made):
 * each package with its version, purl and the marks the format carries.
 */
class SourceLockCatalogersTest {

    /** "purl [relationship] [dev] [scope]" for each package, the marks only when set. */
    private static List<String> read(Cataloger cataloger, String fixture) throws Exception {
        Path dir = Path.of(SourceLockCatalogersTest.class.getClassLoader().getResource("source-locks/" + fixture).toURI());
        HostFiles.Result result = HostFiles.run(cataloger, dir);
        return result.packages().stream().map(SourceLockCatalogersTest::describe).toList();
    }

    private static String describe(Package p) {
        Map<String, String> props = p.properties();
        StringBuilder s = new StringBuilder(p.purl());
        if (props.containsKey(PackageProperties.RELATIONSHIP)) {
            s.append(' ').append(props.get(PackageProperties.RELATIONSHIP));
        }
        if (props.containsKey(PackageProperties.DEV)) {
            s.append(" dev");
        }
        if (props.containsKey(PackageProperties.SCOPE)) {
            s.append(" scope=").append(props.get(PackageProperties.SCOPE));
        }
        return s.toString();
    }

    /** Made by bundler 2.3.7 (Debian's ruby 3.1) with {@code bundle lock --local}: GEM and PATH specs, DEPENDENCIES direct. */
    @Test
    void gemfileLock() throws Exception {
        CatalogerTester.fromResource("source-locks/bundler").describedBy(SourceLockCatalogersTest::describe)
                .expectPackages("pkg:gem/mylib@0.3.1 direct", "pkg:gem/cgi@0.3.5 indirect", "pkg:gem/csv@3.2.2 indirect",
                        "pkg:gem/debug@1.4.0 direct", "pkg:gem/erb@2.2.3 direct", "pkg:gem/io-console@0.5.11 indirect",
                        "pkg:gem/irb@1.4.1 indirect", "pkg:gem/json@2.6.1 direct", "pkg:gem/reline@0.3.0 indirect")
                .expectNoWarnings()
                .test(new GemfileLockCataloger());
    }

    @Test
    void gemfileLockPlatformsAreNotPartOfTheVersion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Gemfile.lock"), """
                GEM
                  remote: https://rubygems.org/
                  specs:
                    nokogiri (1.15.4-x86_64-linux)
                      racc (~> 1.4)
                    racc (1.7.1)
                    rails (7.1.0.rc1)

                PLATFORMS
                  x86_64-linux
                """);
        assertThat(HostFiles.run(new GemfileLockCataloger(), dir).packages()).extracting(Package::purl)
                .containsExactly("pkg:gem/nokogiri@1.15.4", "pkg:gem/racc@1.7.1", "pkg:gem/rails@7.1.0.rc1");
    }

    /** Made by Composer 2.5.5 ({@code composer update --no-install}) from path repositories, offline. */
    @Test
    void composerLock() throws Exception {
        CatalogerTester.fromResource("source-locks/composer").describedBy(SourceLockCatalogersTest::describe)
                .expectPackages("pkg:composer/acme/log@1.4.2", "pkg:composer/acme/util@2.1.0", "pkg:composer/acme/testkit@0.9.0 dev")
                .expectNoWarnings()
                .test(new ComposerLockCataloger());
    }

    @Test
    void pipfileLock() throws Exception {
        assertThat(read(new PipfileLockCataloger(), "pipenv")).containsExactlyInAnyOrder(
                "pkg:pypi/certifi@2023.11.17", "pkg:pypi/requests@2.31.0", "pkg:pypi/pytest@7.4.3 dev");
    }

    @Test
    void poetryLockOldCategoriesAndNewGroups() throws Exception {
        assertThat(read(new PoetryLockCataloger(), "poetry")).containsExactlyInAnyOrder(
                "pkg:pypi/certifi@2023.11.17", "pkg:pypi/flask@2.0.0", "pkg:pypi/pytest@7.4.3 dev");
        assertThat(read(new PoetryLockCataloger(), "poetry2")).containsExactlyInAnyOrder(
                "pkg:pypi/idna@3.6", "pkg:pypi/ruff@0.1.9 dev");
    }

    @Test
    void uvLockDerivesDirectAndDevFromTheGraph() throws Exception {
        CatalogerTester.fromResource("source-locks/uv").describedBy(SourceLockCatalogersTest::describe)
                .expectPackages("pkg:pypi/app@0.1.0 root", "pkg:pypi/requests@2.31.0 direct",
                        "pkg:pypi/certifi@2023.11.17 indirect", "pkg:pypi/pytest@7.4.3 direct dev",
                        "pkg:pypi/iniconfig@2.0.0 indirect dev")
                .test(new UvLockCataloger());
        CatalogerTester.fromResource("source-locks/uv").describedBy(Package::name)
                .expectRelationships("app -> requests", "app -> pytest", "pytest -> iniconfig", "requests -> certifi")
                .expectNoWarnings()
                .test(new UvLockCataloger());
    }

    @Test
    void pdmLock() throws Exception {
        assertThat(read(new PdmLockCataloger(), "pdm")).containsExactlyInAnyOrder(
                "pkg:pypi/certifi@2023.11.17", "pkg:pypi/pytest@7.4.3 dev");
    }

    @Test
    void nugetLockOnePackagePerVersionAcrossFrameworks() throws Exception {
        assertThat(read(new NugetLockCataloger(), "nuget")).containsExactlyInAnyOrder(
                "pkg:nuget/Newtonsoft.Json@13.0.1 direct", "pkg:nuget/Serilog@2.10.0 direct", "pkg:nuget/System.Runtime@4.3.0 direct");
    }

    @Test
    void csprojConcreteVersionsOnly() throws Exception {
        CatalogerTester.Result result = CatalogerTester.fromResource("source-locks/dotnet-project")
                .expectPackages("pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/Microsoft.Extensions.Logging@6.0.0")
                .expectWarnings("3 package references without a single version")
                .test(new CsprojCataloger());
        assertThat(result.warnings().getFirst()).contains("Serilog", "Polly", "xunit");
    }

    @Test
    void pubspecLockLeavesTheSdkOut() throws Exception {
        assertThat(read(new PubspecLockCataloger(), "pub")).containsExactlyInAnyOrder(
                "pkg:pub/async@2.11.0 indirect", "pkg:pub/http@1.1.0 direct", "pkg:pub/lints@2.1.1 direct dev");
    }

    @Test
    void packageResolvedV1AndV2() throws Exception {
        assertThat(read(new SwiftPackageResolvedCataloger(), "swift-v1")).containsExactly("pkg:swift/github.com/apple/swift-nio@2.41.1");
        assertThat(read(new SwiftPackageResolvedCataloger(), "swift-v2")).containsExactlyInAnyOrder(
                "pkg:swift/github.com/apple/swift-argument-parser@1.2.2", "pkg:swift/github.com/apple/swift-log@1.5.3");
    }

    @Test
    void mixLockHexEntriesOnly() throws Exception {
        assertThat(read(new MixLockCataloger(), "mix")).containsExactlyInAnyOrder(
                "pkg:hex/castore@1.0.5", "pkg:hex/jason@1.4.1", "pkg:hex/plug_crypto@2.0.0");
    }

    @Test
    void conanLockV1AndV2() throws Exception {
        assertThat(read(new ConanLockCataloger(), "conan-v2")).containsExactlyInAnyOrder(
                "pkg:conan/zlib@1.2.13", "pkg:conan/openssl@3.1.4", "pkg:conan/poco@1.12.4", "pkg:conan/cmake@3.27.7 scope=build");
        assertThat(read(new ConanLockCataloger(), "conan-v1")).containsExactlyInAnyOrder("pkg:conan/pkga@0.1", "pkg:conan/openssl@1.1.1q");
    }

    @Test
    void gradleVersionCatalogConcreteVersionsOnly() throws Exception {
        CatalogerTester.Result result = CatalogerTester.fromResource("source-locks/gradle-catalog")
                .expectPackages("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2",
                        "pkg:maven/org.codehaus.groovy/groovy@3.0.19", "pkg:maven/org.apache.commons/commons-lang3@3.13.0",
                        "pkg:maven/com.google.guava/guava@32.1.2-jre", "pkg:maven/org.junit/junit-bom@5.10.0")
                .expectWarnings("3 libraries without a concrete version")
                .test(new GradleVersionCatalogCataloger());
        assertThat(result.warnings().getFirst()).contains("spring-core", "junit-jupiter", "logback");
    }

    @Test
    void gradleLockfileKeepsConfigurationsAndMarksTestOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gradle.lockfile"), """
                # This is a Gradle generated file for dependency locking.
                com.fasterxml.jackson.core:jackson-databind:2.9.1=compileClasspath, runtimeClasspath
                org.junit.jupiter:junit-jupiter-api:5.10.0=testCompileClasspath,testRuntimeClasspath
                empty=annotationProcessor
                """);
        assertThat(HostFiles.run(new GradleLockfileCataloger(), dir).packages()).extracting(SourceLockCatalogersTest::describe)
                .containsExactlyInAnyOrder("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1 scope=compileClasspath,runtimeClasspath",
                        "pkg:maven/org.junit.jupiter/junit-jupiter-api@5.10.0 dev scope=testCompileClasspath,testRuntimeClasspath");
    }

    /** Broken files: one warning naming the file, and the other files are still read. */
    @Test
    void aBrokenLockIsOneWarningNamingIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bad"));
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("bad/poetry.lock"), "[[package]\nname = ");
        Files.writeString(dir.resolve("good/poetry.lock"), "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n");
        Files.writeString(dir.resolve("bad/pubspec.lock"), "a: &a [*a, *a]\npackages: *a\n");
        Files.writeString(dir.resolve("bad/Package.resolved"), "{\"pins\": ");
        HostFiles.Result poetry = HostFiles.run(new PoetryLockCataloger(), dir);
        assertThat(poetry.packages()).extracting(Package::purl).containsExactly("pkg:pypi/six@1.16.0");
        assertThat(poetry.warnings()).singleElement().asString().startsWith(dir.resolve("bad/poetry.lock").toString());
        assertThat(HostFiles.run(new PubspecLockCataloger(), dir).warnings()).singleElement().asString().startsWith(dir.resolve("bad/pubspec.lock").toString());
        assertThat(HostFiles.run(new SwiftPackageResolvedCataloger(), dir).warnings()).singleElement().asString()
                .startsWith(dir.resolve("bad/Package.resolved").toString());
    }

    /** Files with a lock file's name but not its content: one warning each naming the file, no package. */
    @Test
    void filesThatAreNotTheFormatAreOneWarningEach(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("go.mod"), "<html>not a go.mod</html>\n");
        Files.writeString(dir.resolve("Gemfile.lock"), "just text\n");
        Files.writeString(dir.resolve("composer.lock"), "{\"packages\": {}}");
        Files.writeString(dir.resolve("packages.lock.json"), "[1, 2]");
        Files.writeString(dir.resolve("conan.lock"), "{\"version\": \"0.5\"}");
        Files.writeString(dir.resolve("App.csproj"), "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Project><ItemGroup><PackageReference Include=\"&x;\" Version=\"1.0\"/></ItemGroup></Project>");
        Files.writeString(dir.resolve("Pipfile.lock"), "{\"_meta\": {}}");
        for (Cataloger cataloger : List.of(new GoModCataloger(), new GemfileLockCataloger(), new ComposerLockCataloger(),
                new NugetLockCataloger(), new ConanLockCataloger(), new CsprojCataloger(), new PipfileLockCataloger())) {
            HostFiles.Result result = HostFiles.run(cataloger, dir);
            assertThat(result.packages()).as(cataloger.name()).isEmpty();
            assertThat(result.warnings()).as(cataloger.name()).singleElement().asString().startsWith(dir.toString());
        }
    }

    /** A lock or requirements file listing more packages than any real project: the first ones kept, one warning. */
    @Test
    void packageCountsAreBounded(@TempDir Path dir) throws Exception {
        StringBuilder lock = new StringBuilder();
        StringBuilder requirements = new StringBuilder();
        for (int i = 0; i <= LangLimits.MAX_LOCKFILE_PACKAGES; i++) {
            lock.append("g:a").append(i).append(":1=runtimeClasspath\n");
            requirements.append("p").append(i).append("==1\n");
        }
        Files.writeString(dir.resolve("gradle.lockfile"), lock);
        Files.writeString(dir.resolve("requirements.txt"), requirements);
        HostFiles.Result gradle = HostFiles.run(new GradleLockfileCataloger(), dir);
        assertThat(gradle.packages()).hasSize(LangLimits.MAX_LOCKFILE_PACKAGES);
        assertThat(gradle.warnings()).singleElement().asString().contains("more than " + LangLimits.MAX_LOCKFILE_PACKAGES + " packages");
        HostFiles.Result pip = HostFiles.run(new PipRequirementsCataloger(), dir);
        assertThat(pip.packages()).isEmpty();
        assertThat(pip.warnings()).singleElement().asString().contains("more than " + LangLimits.MAX_LOCKFILE_PACKAGES + " requirements");
    }
}
