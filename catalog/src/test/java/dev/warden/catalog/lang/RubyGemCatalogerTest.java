package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubyGemCatalogerTest {
    @TempDir
    Path dir;

    /**
     * The accuracy check: every gem {@code gem list --local} lists (default gems included) is found, with the same
     * versions, through {@code fs://} sources over each directory of {@code gem env gempath}.
     */
    @Tag("live") // this machine's gems against gem list
    @Test
    void everyGemThatGemListShows() throws Exception {
        String gemList = PythonPackageCatalogerTest.run("gem", "list", "--local");
        Set<String> expected = new TreeSet<>();
        for (String line : gemList.split("\n")) {
            int open = line.indexOf(" (");
            if (open < 0 || !line.endsWith(")")) {
                continue;
            }
            String name = line.substring(0, open);
            for (String v : line.substring(open + 2, line.length() - 1).split(", ")) {
                String version = v.replaceFirst("^default: ", "").split(" ")[0]; // "1.15.0 x86_64-linux": platform after the version
                expected.add(name + "@" + version);
            }
        }
        assertThat(expected).as("gem list --local lists gems (Debian's ruby ships default gems)").isNotEmpty();

        Set<String> found = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        List<Package> packages = new ArrayList<>();
        int files = 0;
        for (String gemDir : PythonPackageCatalogerTest.run("gem", "env", "gempath").strip().split(":")) {
            if (!Files.isDirectory(Path.of(gemDir))) {
                continue;
            }
            try (ImageSource source = ImageSources.open("fs:" + gemDir, SourceOptions.defaults(dir.resolve("cache")))) {
                Sbom sbom = new Catalog(List.of(new RubyGemCataloger()), dir).run(source.info(), source.files());
                warnings.addAll(sbom.warnings());
                for (Package p : sbom.packages()) {
                    packages.add(p);
                    found.add(p.name() + "@" + p.version());
                    assertThat(p.purl()).isEqualTo("pkg:gem/" + p.name() + "@" + p.version());
                    files++;
                }
            }
        }
        assertThat(warnings).isEmpty();
        assertThat(found).isEqualTo(expected);
        // licences as Ruby itself loads them from the same gemspecs; Warden's are SPDX ids or LicenseRef-NAME
        Map<String, String> rubyLicenses = new TreeMap<>();
        for (String line : PythonPackageCatalogerTest.run("ruby", "-e",
                "Gem::Specification.each { |s| puts [s.name, s.version, s.licenses.join(',')].join(\"\\t\") }").split("\n")) {
            String[] f = line.split("\t", -1);
            rubyLicenses.put(f[0] + "@" + f[1], f[2].toLowerCase(Locale.ROOT));
        }
        assertThat(rubyLicenses.keySet()).isEqualTo(expected);
        for (Package p : packages) {
            String ours = String.join(",", p.licenses().stream().map(l -> l.replaceFirst("^LicenseRef-", "")).toList());
            assertThat(ours.toLowerCase(Locale.ROOT)).as(p.name()).isEqualTo(rubyLicenses.get(p.name() + "@" + p.version()));
        }
        System.out.printf("gems: gem list --local %d (name, version), warden %d from %d gemspecs%n", expected.size(), found.size(), files);
    }

    @Test
    void literalStylesLicensesAndPlatform() throws IOException {
        Path specs = dir.resolve("gems/3.1.0/specifications");
        write(specs.resolve("default/abbrev-0.1.0.gemspec"), """
                # -*- encoding: utf-8 -*-
                # stub: abbrev 0.1.0 ruby lib
                Gem::Specification.new do |s|
                  s.name = "abbrev".freeze
                  s.version = "0.1.0"
                  s.licenses = ["Ruby".freeze, "BSD-2-Clause".freeze]
                end
                """);
        // older RubyGems wrote %q{} literals and a singular licence
        write(specs.resolve("json-1.8.6.gemspec"), """
                Gem::Specification.new do |spec|
                  spec.name = %q{json}
                  spec.version = "1.8.6"
                  spec.license = 'ruby'
                  spec.summary = "s.name = \\"not this\\""
                end
                """);
        write(specs.resolve("nokogiri-1.15.4-x86_64-linux.gemspec"), """
                Gem::Specification.new do |s|
                  s.name = "nokogiri".freeze
                  s.version = "1.15.4"
                  s.platform = "x86_64-linux".freeze
                  s.licenses = ["MIT".freeze]
                end
                """);
        HostFiles.Result result = HostFiles.run(new RubyGemCataloger(), dir);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl, Package::licenses).containsExactlyInAnyOrder(
                Tuple.tuple("pkg:gem/abbrev@0.1.0", List.of("Ruby", "BSD-2-Clause")),
                Tuple.tuple("pkg:gem/json@1.8.6", List.of("Ruby")),
                Tuple.tuple("pkg:gem/nokogiri@1.15.4", List.of("MIT")));
        Package nokogiri = result.packages().stream().filter(p -> p.name().equals("nokogiri")).findFirst().orElseThrow();
        assertThat(nokogiri.properties()).containsEntry("gem:platform", "x86_64-linux");
    }

    /** A gemspec that computes its name, a huge one and binary garbage: one warning each, the good one is kept. */
    @Test
    void computedHugeAndGarbageGemspecsGiveOneWarningEach() throws IOException {
        Path specs = dir.resolve("specifications");
        Path computed = write(specs.resolve("evil-1.0.gemspec"), """
                Gem::Specification.new do |s|
                  s.name = File.read("/etc/passwd")
                  s.version = "1.0"
                end
                """);
        Path huge = write(specs.resolve("huge-1.0.gemspec"), "Gem::Specification.new do |s|\n  s.name = \"huge\"\n  s.version = \"1.0\"\n"
                + "  s.files = [\"" + "a".repeat(LangLimits.MAX_METADATA_BYTES) + "\"]\nend\n");
        byte[] noise = new byte[50_000];
        new java.util.Random(3).nextBytes(noise);
        Path garbage = specs.resolve("garbage-1.0.gemspec");
        Files.write(garbage, noise);
        write(specs.resolve("good-2.0.gemspec"), "Gem::Specification.new do |s|\n  s.name = \"good\"\n  s.version = \"2.0\"\nend\n");

        HostFiles.Result result = HostFiles.run(new RubyGemCataloger(), dir);
        assertThat(result.packages()).extracting(Package::purl).containsExactly("pkg:gem/good@2.0");
        assertThat(result.warnings()).hasSize(3);
        for (Path bad : List.of(computed, huge, garbage)) {
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(bad.toString()));
        }
    }

    /**
     * bundler's lock (the one bundler 2.3.7 wrote for {@code SourceLockCatalogersTest}) beside the gems bundler installs
     * under {@code vendor/bundle}: each gem is one package, the lock's, as npm's lock speaks for node_modules.
     */
    @Test
    void aGemfileLockSpeaksForTheGemsBundlerInstalledBesideIt() throws Exception {
        Path app = Files.createDirectories(dir.resolve("root/srv/app"));
        Files.copy(Path.of(getClass().getResource("/source-locks/bundler/Gemfile.lock").toURI()), app.resolve("Gemfile.lock"));
        write(app.resolve("vendor/bundle/ruby/3.1.0/specifications/debug-1.4.0.gemspec"),
                "Gem::Specification.new do |s|\n  s.name = \"debug\".freeze\n  s.version = \"1.4.0\"\n  s.licenses = [\"Ruby\".freeze]\nend\n");
        write(dir.resolve("root/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec"),
                "Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = \"13.0.6\"\nend\n");

        List<Package> withLock = sbom(dir.resolve("root")).packages();
        assertThat(withLock.stream().filter(p -> p.purl().equals("pkg:gem/debug@1.4.0"))).singleElement()
                .extracting(Package::foundBy).isEqualTo("ruby-gemfile-lock");
        assertThat(withLock.stream().filter(p -> p.purl().equals("pkg:gem/rake@13.0.6"))).singleElement()
                .extracting(Package::foundBy).isEqualTo("ruby-gem");

        Files.delete(app.resolve("Gemfile.lock"));
        List<Package> installed = sbom(dir.resolve("root")).packages();
        assertThat(installed.stream().filter(p -> p.purl().equals("pkg:gem/debug@1.4.0"))).singleElement()
                .extracting(Package::foundBy).isEqualTo("ruby-gem");
    }

    private Sbom sbom(Path root) throws IOException {
        try (ImageSource source = ImageSources.open("fs:" + root, SourceOptions.defaults(dir.resolve("cache")))) {
            return Catalog.withDefaults(dir).run(source.info(), source.files());
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
