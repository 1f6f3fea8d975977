package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.PackageNames;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonPackageCatalogerTest {
    /** Asks the interpreter itself: its sys.path folders and every distribution importlib.metadata finds there. */
    private static final String LIST_DISTRIBUTIONS = """
            import importlib.metadata as m, json, os, sys
            dirs = [p for p in sys.path if p and os.path.isdir(p)]
            out = []
            for d in m.distributions(path=dirs):
                md = d.metadata
                if md['Name'] is None:
                    continue
                out.append({'name': md['Name'], 'version': d.version, 'expression': md['License-Expression'],
                            'license': md['License'], 'classifiers': md.get_all('Classifier') or []})
            print(json.dumps({'prefix': sys.prefix, 'dirs': dirs, 'dists': out}))
            """;

    @TempDir
    Path dir;

    /**
     * The issue's accuracy check: every distribution {@code importlib.metadata} lists for this machine's
     * Pythons ({@code python3} on PATH and Debian's {@code /usr/bin/python3}), found through {@code fs://}
     * sources over their sys.path folders, with equal normalised (name, version) sets. Distributions
     * nested deeper (vendored copies importlib does not list) are counted apart.
     */
    @Tag("live") // this machine's Python distributions against python3's importlib
    @Test
    void everyDistributionImportlibListsOnThisMachine() throws Exception {
        Set<String> interpreters = new LinkedHashSet<>();
        interpreters.add("python3");
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            interpreters.add("/usr/bin/python3");
        }
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(pyenv)) { // pyenv's other versions, where present (importlib.metadata needs 3.8+)
            try (var versions = Files.list(pyenv)) {
                versions.map(v -> v.resolve("bin/python3")).filter(Files::isExecutable).sorted()
                        .forEach(v -> interpreters.add(v.toString()));
            }
        }
        Set<String> prefixes = new TreeSet<>();
        int checkedLicenses = 0;
        for (String python : interpreters) {
            JsonNode listing;
            try {
                listing = new ObjectMapper().readTree(run(python, "-c", LIST_DISTRIBUTIONS));
            } catch (IOException e) {
                Assumptions.assumeTrue(!python.equals("python3"), "python3 is needed for this test: " + e.getMessage());
                System.out.printf("python %s: skipped, no importlib.metadata (%s)%n", python, e.getMessage());
                continue;
            }
            if (!prefixes.add(listing.get("prefix").asText())) {
                continue; // the same installation reached twice
            }
            Set<String> expected = new TreeSet<>();
            listing.get("dists").forEach(d -> expected.add(key(d.get("name").asText(), d.get("version").asText())));

            Set<String> found = new TreeSet<>();
            List<Package> topLevel = new ArrayList<>();
            int nested = 0;
            List<String> warnings = new ArrayList<>();
            Set<String> dirs = new TreeSet<>();
            listing.get("dirs").forEach(d -> dirs.add(d.asText()));
            for (String folder : dirs) {
                Sbom sbom = catalogue(folder);
                warnings.addAll(sbom.warnings());
                for (Package p : sbom.packages()) {
                    String path = p.locations().getFirst().path();
                    if (isTopLevel(path)) {
                        found.add(key(p.name(), p.version()));
                        topLevel.add(p);
                    } else if (!isTopLevelInAnother(folder + path, dirs)) { // site-packages inside lib/python3.X
                        nested++;
                    }
                }
            }
            assertThat(warnings).isEmpty();
            assertThat(found).as("%s: (name, version) of every distribution", python).isEqualTo(expected);
            // importlib lists a distribution once per metadata folder (Debian's cryptography has a dist-info and an
            // egg-info), and so does Warden: one package per metadata file
            assertThat(topLevel).hasSameSizeAs(listing.get("dists"));
            assertThat(topLevel).allSatisfy(p -> assertThat(p.purl())
                    .isEqualTo("pkg:pypi/" + PackageNames.normalise("pypi", p.name()) + "@" + p.version().replace("+", "%2B")));
            checkedLicenses += checkClassifierOnlyLicenses(listing.get("dists"), topLevel);
            System.out.printf("python %s (%s): importlib %d distributions (%d distinct), warden %d (%d distinct; +%d nested/vendored)%n",
                    python, listing.get("prefix").asText(), listing.get("dists").size(), expected.size(), topLevel.size(),
                    found.size(), nested);
        }
        System.out.printf("python: %d licences checked against classifiers python parsed%n", checkedLicenses);
    }

    /**
     * Where python's own parser sees no License-Expression and no usable License but a classifier naming MIT or
     * Apache-2.0 explicitly, Warden must report that licence (checks the header parser on real files).
     */
    private static int checkClassifierOnlyLicenses(JsonNode dists, List<Package> found) {
        int checked = 0;
        for (JsonNode d : dists) {
            String license = d.get("license").isNull() ? "UNKNOWN" : d.get("license").asText();
            if (!d.get("expression").isNull() || !(license.isBlank() || license.equals("UNKNOWN"))) {
                continue;
            }
            List<String> classifiers = new ArrayList<>();
            d.get("classifiers").forEach(c -> classifiers.add(c.asText()));
            String id = classifiers.contains("License :: OSI Approved :: MIT License") ? "MIT" : null;
            if (id == null) {
                continue;
            }
            String k = key(d.get("name").asText(), d.get("version").asText());
            assertThat(found.stream().filter(p -> key(p.name(), p.version()).equals(k)))
                    .allSatisfy(p -> assertThat(p.licenses()).as(k).contains(id));
            checked++;
        }
        return checked;
    }

    @Test
    void headersContinuationsLicenseSourcesAndNormalisedPurl() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site-packages"));
        write(site.resolve("PyYAML-6.0.1.dist-info/METADATA"), """
                Metadata-Version: 2.1
                Name: PyYAML
                Version: 6.0.1
                License: MIT
                Classifier: License :: OSI Approved :: Apache Software License

                Name: NotAHeader (the description starts after the empty line)
                """);
        write(site.resolve("zope.interface-6.0.dist-info/METADATA"), """
                Metadata-Version: 2.4
                Name: zope.interface
                Version: 6.0
                License-Expression: ZPL-2.1 OR mit
                License: ignored when an expression is given
                """);
        // Debian's python3-* packages install plain-file egg-info; setup.py often passes the whole LICENSE text
        write(site.resolve("Foo_Bar-1.2.egg-info"), """
                Metadata-Version: 1.1
                Name: Foo_Bar
                Version: 1.2
                License: Copyright (c) 2020 Somebody
                        All rights reserved.
                Classifier: Development Status :: 5 - Production/Stable
                Classifier: License :: OSI Approved :: BSD License
                Classifier: License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)
                """);
        write(site.resolve("six-1.16.0.egg-info/PKG-INFO"), "Name: six\r\nVersion: 1.16.0\r\nLicense: UNKNOWN\r\n"
                + "Classifier: License :: OSI Approved :: BSD License\r\n\r\nbody\r\n");
        write(site.resolve("attrs-23.1.0.dist-info/METADATA"), """
                Name: attrs
                Version: 23.1.0
                License: MIT License
                	Copyright (c) 2015 Hynek
                """);

        HostFiles.Result result = HostFiles.run(new PythonPackageCataloger(), site);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::name, Package::purl, Package::licenses).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("PyYAML", "pkg:pypi/pyyaml@6.0.1", List.of("MIT")),
                org.assertj.core.groups.Tuple.tuple("zope.interface", "pkg:pypi/zope-interface@6.0", List.of("ZPL-2.1 OR MIT")),
                org.assertj.core.groups.Tuple.tuple("Foo_Bar", "pkg:pypi/foo-bar@1.2", List.of("LicenseRef-BSD-License", "GPL-2.0-or-later")),
                org.assertj.core.groups.Tuple.tuple("six", "pkg:pypi/six@1.16.0", List.of("LicenseRef-BSD-License")),
                org.assertj.core.groups.Tuple.tuple("attrs", "pkg:pypi/attrs@23.1.0", List.of("MIT")));
        assertThat(result.packages()).allSatisfy(p -> assertThat(p.foundBy()).isEqualTo("python-package"));
    }

    /** Hostile metadata: each bad file gives one warning naming it; the good one beside them is still found. */
    @Test
    void hugeHeadersGarbageAndMissingFieldsGiveOneWarningEach() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site-packages"));
        Path huge = site.resolve("huge-1.0.dist-info/METADATA");
        Files.createDirectories(huge.getParent());
        try (var out = Files.newBufferedWriter(huge)) {
            out.write("Name: huge\nVersion: 1.0\n");
            for (int i = 0; out != null && i < (LangLimits.MAX_METADATA_BYTES / 20) + 1; i++) {
                out.write("X-Padding: 01234567\n");
            }
        }
        Path garbage = site.resolve("garbage-1.0.dist-info/METADATA");
        Files.createDirectories(garbage.getParent());
        byte[] noise = new byte[100_000];
        new java.util.Random(7).nextBytes(noise);
        Files.write(garbage, noise);
        Path noVersion = site.resolve("noversion.egg-info");
        write(noVersion, "Name: noversion\n");
        // a description far beyond the header limit is never read, so it does no harm
        write(site.resolve("longbody-2.0.dist-info/METADATA"), "Name: longbody\nVersion: 2.0\n\n"
                + "x".repeat(LangLimits.MAX_METADATA_BYTES + 10));

        HostFiles.Result result = HostFiles.run(new PythonPackageCataloger(), site);
        assertThat(result.packages()).extracting(Package::purl).containsExactly("pkg:pypi/longbody@2.0");
        assertThat(result.warnings()).hasSize(3);
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(huge.toString()).contains("longer than"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(garbage.toString()));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(noVersion.toString()).contains("without Name or Version"));
    }

    /** Headers read in reads of any size end at the first empty line, even one split across two reads (CRLF too). */
    @Test
    void headerBlockEndsAtTheFirstEmptyLineWhateverTheReadSizes() throws IOException {
        byte[] text = "Name: a\r\nVersion: 1\r\nClassifier: x\r\n  continued\r\n\r\nName: body\r\n".getBytes(StandardCharsets.UTF_8);
        java.io.InputStream trickle = new java.io.ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1)); // one byte per read
            }
        };
        PythonMetadata m = PythonMetadata.read(trickle, 64, "/x/METADATA");
        assertThat(m.first("name")).isEqualTo("a");
        assertThat(m.all("Classifier")).containsExactly("x\ncontinued");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Sbom catalogue(String folder) throws IOException {
        try (ImageSource source = ImageSources.open("fs:" + folder, SourceOptions.defaults(dir.resolve("cache")))) {
            return new Catalog(List.of(new PythonPackageCataloger()), dir).run(source.info(), source.files());
        }
    }

    /** A metadata path right under the fs:// root, as importlib looks: /X.dist-info/METADATA, /X.egg-info. */
    private static boolean isTopLevel(String path) {
        long depth = path.chars().filter(c -> c == '/').count();
        return depth == 1 || depth == 2 && !path.endsWith("/EGG-INFO/PKG-INFO");
    }

    private static boolean isTopLevelInAnother(String absolute, Set<String> dirs) {
        return dirs.stream().anyMatch(d -> absolute.startsWith(d + "/") && isTopLevel(absolute.substring(d.length())));
    }

    private static String key(String name, String version) {
        return PackageNames.normalise("pypi", name) + "@" + version;
    }

    static String run(String... command) throws IOException, InterruptedException {
        LiveTests.require(command[0]);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(command[0] + " exited " + rc);
        }
        return out;
    }
}
